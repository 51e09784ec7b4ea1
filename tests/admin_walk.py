"""Walk every admin screen a user can reach and report the English text they would read.

The walk starts at the dashboard and follows every /admin/ link of every page it renders, breadth first,
once per URL shape (ids and query values stripped: /admin/pages/12/edit/ and /admin/pages/40/edit/ are
one screen), bounded in count. Text is what a user reads: text nodes (templates' included) and the
title, placeholder, aria-label and alt attributes — not scripts, styles or form values. "English" is a
run of Latin words that is neither content (words found in the site's own data, such as slugs, user
names and file names) nor a name on the allow list.
"""

import json
import re
from collections import deque
from functools import cache
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

# Names and technical terms that stay Latin in Chinese UI text.
PROPER_NOUNS = {
    "wagtail",
    "elasticsearch",
    "api",
    "url",
    "urls",
    "pdf",
    "jpeg",
    "jpg",
    "png",
    "gif",
    "webp",
    "svg",
    "avif",
    "heic",
    "ico",
    "html",
    "css",
    "javascript",
    "json",
    "csv",
    "utf-8",  # character encodings, named as the user's spreadsheet program names them
    "utf",
    "bom",
    "gb18030",
    "xlsx",
    "xls",
    "excel",
    "seo",
    "id",
    "ids",
    "utc",
    "gmt",
    "iframe",
    "www",
    "http",
    "https",
    "email",
    "e-mail",
    "mb",
    "kb",
    "gb",
    "px",
    "django",
    "python",
    "youtube",
    "vimeo",
    "oembed",
    "rss",
    "atom",
    "ok",
    "cst",
    "pm",
    "am",
    "zh-hans",
    "en",
    "english",
    "hans",
}
# Not screens (downloads, previews, bulk endpoints) or GETs best left alone (log out, lock, cancel …).
SKIPPED_PATHS = re.compile(
    r"/admin/(logout|jsi18n|password_reset|bulk)/|/download/|/serve/|/preview/|/revisions/compare/"
    r"|/(lock|unlock|cancel|restart|enable|disable|revoke)/|[?&]export=|\.(png|jpe?g|gif|svg|webp|pdf|docx?|xlsx?|csv|zip)$"
)
# Links a page holds outside <a href>: menus and dialogs rendered by scripts from JSON or data attributes.
OTHER_LINKS = re.compile(r'(?:"url"|"href"|-url=|action=)\s*:?\s*"(/admin/[^"]*)"')
# Labels of the menus the sidebar script draws, from the same JSON.
MENU_LABELS = re.compile(r'"label"\s*:\s*("(?:[^"\\]|\\.)*")')
SKIPPED_TAGS = {"script", "style", "noscript", "kbd"}  # code, and key names such as Ctrl and Esc
ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")
# Addresses (http://domain.com/…, summary-01.pdf) and time-zone names (Asia/Shanghai) are not prose.
NOT_PROSE = re.compile(r"\S*https?://\S*|\S+\.[a-z]{2,4}\b|\b[A-Z][A-Za-z_]+(?:/[A-Za-z_+-]+)+")


class _Text(HTMLParser):
    """The text a user reads on a page, and its links."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, unseen): unseen for code, key names and elements marked hidden
        self.texts, self.links = [], []

    @property
    def unseen(self):
        return any(unseen for _, unseen in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag not in self.VOID:
            self.open.append((tag, tag in SKIPPED_TAGS or "hidden" in attrs))
        if self.unseen:
            return
        for name in ATTRIBUTES & attrs.keys():
            if attrs[name]:
                self.texts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.texts.append(attrs["value"])

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                break

    def handle_data(self, data):
        if not self.unseen and data.strip():
            self.texts.append(data.strip())


PAGE_URL = re.compile(r"^/admin/pages/(\d+)/")


@cache
def page_type(pk):
    from wagtail.models import Page

    return Page.objects.filter(pk=pk).values_list("content_type__model", flat=True).first() or "?"


def shape(url):
    """One screen: ids stripped — except a page's, which stands for its type (each type's forms differ).

    A listing sorted another way, or its results/ part that scripts refresh, is the same screen."""
    parts = urlsplit(url)
    query = sorted({key for key, _ in parse_qsl(parts.query) if key not in ("p", "next", "ordering")})
    path = PAGE_URL.sub(lambda match: f"/admin/pages/{page_type(int(match[1]))}/", parts.path)
    path = re.sub(r"/results/$", "/", path.replace("/history-results/", "/history/"))
    return re.sub(r"/\d+/", "/N/", re.sub(r"/\d+/", "/N/", path)), tuple(query)


def english_in(texts, content_words):
    found = []
    for text in texts:
        words = [
            w
            for w in WORD.findall(NOT_PROSE.sub(" ", text))
            if w.lower() not in PROPER_NOUNS and w.lower() not in content_words
        ]
        if words:
            found.append(text[:120])
    return found


def content_words():
    """Every Latin word of the site's own data: titles, slugs, names, file names and addresses."""
    from django.apps import apps
    from django.db import models

    words = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.FileField))
        ]
        if fields:
            for row in model._default_manager.values_list(*fields).iterator():
                for value in row:
                    if value:
                        words.update(w.lower() for w in WORD.findall(str(value)))
    return frozenset(words)


def walk(client, *, start=("/admin/",), limit=400, content_words=frozenset()):
    """{url: [English texts]} for every screen reached, and the URLs visited."""
    queue, seen, problems, visited = deque(start), {shape(url) for url in start}, {}, []
    while queue and len(visited) < limit:
        url = queue.popleft()
        response = client.get(url, follow=True)  # e.g. "add a subpage" goes straight to the one allowed type
        visited.append(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        parser = _Text()
        parser.feed(html)
        labels = [json.loads(label) for label in MENU_LABELS.findall(html)]
        english = english_in(parser.texts + labels, content_words)
        if english:
            problems[url] = english
        for href in parser.links + [unescape(link) for link in OTHER_LINKS.findall(html)]:
            href = href.split("#")[0]
            if href.startswith("/admin/") and not SKIPPED_PATHS.search(href) and shape(href) not in seen:
                seen.add(shape(href))
                queue.append(href)
    return problems, visited
