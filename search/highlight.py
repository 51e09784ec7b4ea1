"""Highlighting matched words in the original title and summary (the same for both engines)."""

import re
import unicodedata

from django.utils.html import escape

from textsearch.analysis import normalize


def highlight(text, terms, limit=None):
    """HTML-escaped text with every occurrence of a term wrapped in <em>; cut to `limit` characters
    around the first match."""
    text = text or ""
    if limit and len(text) > limit:
        text = _window(text, terms, limit)
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    folded = normalize_same_length(text)
    parts, last = [], 0
    for match in pattern.finditer(folded):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<em>{escape(text[match.start() : match.end()])}</em>")
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def normalize_same_length(text):
    """Fold full-width letters and digits so that ＡＢＣ matches abc, keeping every index in place."""
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) == len(text):  # the usual case: nothing changed length
        return folded
    return "".join(c if len(n := normalize(c)) != 1 else n for c in text)


def _window(text, terms, limit):
    first = min((i for i in (text.find(t) for t in terms if t) if i >= 0), default=0)
    start = max(0, min(first - limit // 4, len(text) - limit))
    snippet = text[start : start + limit]
    return ("…" if start else "") + snippet + ("…" if start + limit < len(text) else "")
