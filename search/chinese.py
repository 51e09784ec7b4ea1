"""Chinese text analysis shared by both search engines.

Everything that turns text into search terms lives here, so that the database engine and the
Elasticsearch engine (which indexes the terms prepared here with the stock `whitespace`
analyzer) always agree on what a word is.
"""

import logging
import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

import jieba

DICTIONARY = Path(__file__).resolve().parent / "dictionary" / "domain.txt"
# Words too common to help a search (function words and the like).
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "对",
        "为",
        "把",
        "被",
        "将",
        "等",
        "之",
        "其",
        "中",
        "上",
        "下",
        "个",
        "也",
        "都",
        "并",
        "而",
        "由",
        "从",
        "以",
        "于",
        "这",
        "那",
        "有",
    ]
)
# Anything that is not a letter, digit or CJK ideograph separates words.
SEPARATORS = re.compile(r"[^\w\u3400-\u9fff]+")
MAX_QUERY_LENGTH = 200

_tokenizer = None
_lock = threading.Lock()
jieba.setLogLevel(logging.WARNING)


def tokenizer():
    """jieba with the project's domain dictionary, loaded once per process."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                instance = jieba.Tokenizer()
                instance.load_userdict(str(DICTIONARY))
                instance.initialize()
                _tokenizer = instance
    return _tokenizer


def normalize(text):
    """Full-width to half-width (NFKC), lower case, punctuation to spaces."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return SEPARATORS.sub(" ", text).strip()


def _keep(token):
    token = token.strip()
    return bool(token) and token not in STOPWORDS and not token.isspace()


@lru_cache(maxsize=50_000)
def index_terms(text):
    """Every term a document should be found by: whole words and the shorter words inside them
    (空气压缩机 → 空气, 压缩, 压缩机, 空气压缩机). Cached: studio, enterprise and skill names
    recur in thousands of documents."""
    return tuple(t for t in tokenizer().cut_for_search(normalize(text)) if _keep(t))


@lru_cache(maxsize=2048)
def query_terms(query):
    """The words of a query, each of which a result must contain (空压机故障 → 空压机, 故障)."""
    query = normalize(query[:MAX_QUERY_LENGTH])
    seen = []
    for token in tokenizer().cut(query):
        if _keep(token) and token not in seen:
            seen.append(token)
    return tuple(seen)


def terms_text(*texts):
    """Index terms of several texts as one space-separated string with a space at both ends, so
    that a whole term can be matched with `LIKE '% term %'` and split by a whitespace analyzer."""
    terms = []
    for text in texts:
        terms.extend(index_terms(text))
    return f" {' '.join(terms)} " if terms else ""
