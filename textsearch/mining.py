"""Vocabulary suggestions mined from the indexed text (pure text in, suggestions out).

- words: character n-grams (2–8 characters) that many documents share, that appear in varied
  contexts (at least two different characters, or a text boundary, on each side: a whole term, not a
  piece of a longer one) and that the dictionary would cut into pieces;
- synonyms: an abbreviation written next to its full name — 不间断电源（UPS）, UPS（不间断电源）— and
  pairs of frequent terms that differ only by a variant or easily confused character (粘结/黏结,
  碳滑板/炭滑板: VARIANT_PAIRS), often the same word written two ways.

Suggestions only: a reviewer accepts them (search_vocabulary suggest --save stores the synonyms as
disabled rules to enable in the admin).
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

MIN_LENGTH, MAX_LENGTH = 2, 8
CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# 中文名称（ABC） or ABC（中文名称）, in full- or half-width brackets (the text arrives folded to half-width).
NAME_THEN_ABBREVIATION = re.compile(r"([\u3400-\u9fff]{2,12})\s*\(\s*([a-z][a-z0-9]{1,9})\s*\)")
ABBREVIATION_THEN_NAME = re.compile(r"\b([a-z][a-z0-9]{1,9})\s*\(\s*([\u3400-\u9fff]{2,12})\s*\)")


# Characters the trades write both ways (after traditional → simplified folding), or easily confuse.
VARIANT_PAIRS = ["粘黏", "碳炭", "联连", "泄泻", "磨摩", "帐账", "划画", "像象", "型形", "番蕃", "唯惟", "原元"]
VARIANTS = defaultdict(set)
for _pair in VARIANT_PAIRS:
    VARIANTS[_pair[0]].add(_pair[1])
    VARIANTS[_pair[1]].add(_pair[0])


@dataclass(frozen=True)
class WordSuggestion:
    word: str
    documents: int  # how many documents contain it


@dataclass(frozen=True)
class SynonymSuggestion:
    terms: tuple
    documents: int
    reason: str

    @property
    def rule(self):
        return ", ".join(self.terms)


class Miner:
    """Feed it texts, then ask for suggestions. add(text, raw): `text` normalised (punctuation gone),
    `raw` folded only (textsearch.analysis.fold: brackets kept) for the abbreviation pairs."""

    def __init__(self):
        self.documents = 0
        self.frequency = Counter()  # n-gram → documents containing it
        self.left = defaultdict(set)
        self.right = defaultdict(set)
        self.pairs = Counter()

    def add(self, text, raw=""):
        self.documents += 1
        seen = set()
        for run in CJK_RUN.findall(text):
            for size in range(MIN_LENGTH, min(MAX_LENGTH, len(run)) + 1):
                for start in range(len(run) - size + 1):
                    gram = run[start : start + size]
                    seen.add(gram)
                    self.left[gram].add(run[start - 1] if start else "^")
                    end = start + size
                    self.right[gram].add(run[end] if end < len(run) else "$")
        self.frequency.update(seen)
        for name, abbreviation in NAME_THEN_ABBREVIATION.findall(raw):
            self.pairs[(abbreviation, name)] += 1
        for abbreviation, name in ABBREVIATION_THEN_NAME.findall(raw):
            self.pairs[(abbreviation, name)] += 1

    def words(self, is_known, min_documents=3, limit=50):
        """Terms the dictionary lacks. is_known(word) → whether the tokenizer keeps it whole already."""
        found = []
        for gram, count in self.frequency.items():
            if count < min_documents or is_known(gram):
                continue
            if len(self.left[gram]) < 2 or len(self.right[gram]) < 2:
                continue  # always preceded or followed by the same character: part of a longer term
            found.append(WordSuggestion(gram, count))
        # A shorter gram seen exactly as often as a longer one containing it is that longer one's piece.
        found.sort(key=lambda s: (-len(s.word), -s.documents))
        kept = []
        for suggestion in found:
            if not any(suggestion.word in k.word and k.documents == suggestion.documents for k in kept):
                kept.append(suggestion)
        kept.sort(key=lambda s: (-s.documents * len(s.word), s.word))
        return kept[:limit]

    def synonyms(self, known_rules, min_documents=2, limit=50):
        """Rules worth adding. known_rules: {term: alternatives} already in effect."""
        found = {}
        for (abbreviation, name), count in self.pairs.items():
            if name not in known_rules.get(abbreviation, ()):
                found[(abbreviation, name)] = SynonymSuggestion((abbreviation, name), count, "缩写与全称")
        for gram, count in self.frequency.items():
            if count < min_documents or not 2 <= len(gram) <= 4:
                continue
            for position, character in enumerate(gram):
                for variant in VARIANTS.get(character, ()):
                    other = gram[:position] + variant + gram[position + 1 :]
                    if self.frequency.get(other, 0) >= min_documents and other not in known_rules.get(gram, ()):
                        key = tuple(sorted((gram, other)))
                        documents = min(count, self.frequency[other])
                        found.setdefault(key, SynonymSuggestion(key, documents, "异体字或易混字"))
        return sorted(found.values(), key=lambda s: (-s.documents, s.terms))[:limit]
