"""Chinese text analysis shared by both search engines and by Wagtail's own search.

Pure text in, text out: no Django, no ORM. What admins add to the vocabulary reaches this module
through `set_vocabulary_source()`, which the search app calls when it is ready.

Everything that turns text into search terms lives here, so that the database engine, the
Elasticsearch engine (which indexes the terms prepared here with the stock `whitespace` analyzer)
and the admin's page search always agree on what a word is:

- normalize: full-width → half-width, traditional → simplified, lower case, punctuation → space;
- index_terms: jieba (with the domain dictionary) in search mode: whole words and the words inside them;
- analyze: a query as clauses, each with its synonyms (applied at query time, so no reindex) and the
  typed text for the character fallback that finds partial and unknown words;
- bigrams: the character-bigram form of a text that the Elasticsearch fallback matches as a phrase;
- pinyin_keys: full pinyin and initials of a name, for the suggest box.

The vocabulary (extra dictionary words and synonym rules) comes from the files in dictionary/ (the
industry thesaurus in dictionary/thesaurus/ among them) plus
what a vocabulary source hands in (the search app's: the admin's DictionaryWord / SynonymRule rows).
"""

import hashlib
import logging
import re
import threading
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import jieba
from pypinyin import Style, lazy_pinyin

from textsearch import segmenter

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionary"
DICTIONARY = DICTIONARY_DIR / "domain.txt"
SYNONYMS = DICTIONARY_DIR / "synonyms.txt"
# One file of synonym rules per industry; each file's header says where its words come from.
THESAURUS = DICTIONARY_DIR / "thesaurus"
# Words too common to help a search (function words and the like).
STOPWORDS = frozenset("的了和与及或在是对为把被将等之其中上下个也都并而由从以于这那有")
# Anything that is not a letter, digit or CJK ideograph separates words.
SEPARATORS = re.compile(r"[^\w\u3400-\u9fff]+")
CJK = re.compile(r"[\u3400-\u9fff]")
GRAM_RUNS = re.compile(r"[\u3400-\u9fff]+|[^\W\u3400-\u9fff]+")
MAX_QUERY_LENGTH = 200
# Combining accents left on a Latin letter that has no precomposed accented form (c̀).
LATIN_MARKS = re.compile(r"(?<=[A-Za-z])[\u0300-\u036f]+")
# Full-width ASCII and the ideographic space, each of which NFKC makes one ASCII character.
FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]+")
# How often a process looks for vocabulary edits made in the admin (by another process).
VOCABULARY_CHECK_SECONDS = 30

jieba.setLogLevel(logging.WARNING)


# --- Normalisation -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _simplified_table():
    """Traditional → simplified, character by character (OpenCC's table; the first reading wins).
    Both the index and the query are folded the same way, so the rare ambiguous character is harmless."""
    source = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    table = {}
    for line in source.splitlines():
        traditional, _tab, simplified = line.partition("\t")
        simplified = simplified.split(" ")[0]
        if len(traditional) == 1 and len(simplified) == 1 and traditional != simplified:
            table[ord(traditional)] = simplified
    return table


# Control characters (NUL among them: PostgreSQL refuses it in text) and lone surrogates mean nothing
# in a query; they are dropped before anything reaches a database or the cluster.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def printable(text):
    """The text without control characters and lone surrogates (tabs and newlines are kept)."""
    return CONTROL.sub("", text or "")


@lru_cache(maxsize=1)
def _unaccented_table():
    """Latin letters with diacritics → their base letter (é → e, ǚ → u): cafe finds Café, and pinyin
    typed without tones finds it written with them."""
    table = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFKD", chr(code))[0]
        if base.isascii() and base.isalpha():
            table[code] = base
    return table


@lru_cache(maxsize=1)
def _folding_table():
    """Traditional characters and accented Latin letters, each to what it folds to (the two share none)."""
    return {**_simplified_table(), **_unaccented_table()}


def fold(text):
    """Full-width → half-width (NFKC), traditional → simplified, accents off Latin letters, lower case.

    Chinese text holds full-width punctuation (，：（）) and NFKC is quick only on a text it leaves as it is:
    those characters are made half-width first, each as NFKC makes it (so the outcome is the same)."""
    text = FULL_WIDTH.sub(lambda found: unicodedata.normalize("NFKC", found.group()), printable(text))
    text = unicodedata.normalize("NFKC", text).translate(_folding_table())
    return LATIN_MARKS.sub("", text).lower()


@lru_cache(maxsize=256)  # a record's texts are normalized for their terms, then again for its plain text
def normalize(text):
    """fold(), then punctuation to single spaces."""
    return " ".join(SEPARATORS.sub(" ", fold(text)).split())


# --- Vocabulary ----------------------------------------------------------------------------------


def parse_synonyms(lines):
    """Solr-style rules: `a, b, c` (all equivalent) or `a => b, c` (a also finds b and c).
    Returns {term: (alternative, ...)} on normalized terms; raises ValueError naming a bad line."""
    synonyms = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if "=>" in line:
            left, _arrow, right = line.partition("=>")
            sources, targets = _rule_terms(left), _rule_terms(right)
        else:
            sources = targets = _rule_terms(line)
        if not sources or not targets or (sources == targets and len(sources) < 2):
            raise ValueError(f"第 {number} 行不是有效的同义词规则：{raw.strip()}")
        for source in sources:
            existing = synonyms.setdefault(source, [])
            existing.extend(t for t in targets if t != source and t not in existing)
    return {term: tuple(alternatives) for term, alternatives in synonyms.items() if alternatives}


def _rule_terms(text):
    return [t for t in (normalize(part).replace(" ", "") for part in re.split(r"[,，、]", text)) if t]


@dataclass(frozen=True)
class Vocabulary:
    words: tuple  # (word, frequency or None)
    synonyms: dict  # term → (alternative, ...)
    version: tuple


def _load_vocabulary(version, extra_words=(), extra_rules=()):
    words = []
    for line in DICTIONARY.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            words.append((normalize(parts[0]).replace(" ", ""), int(parts[1]) if len(parts) > 1 else None))
    rules = []
    for path in (SYNONYMS, *sorted(THESAURUS.glob("*.txt"))):
        rules += path.read_text(encoding="utf-8").splitlines()
    words += [(normalize(w).replace(" ", ""), None) for w in extra_words]
    rules += list(extra_rules)
    synonyms = {}
    for rule in rules:
        try:
            for term, alternatives in parse_synonyms([rule]).items():
                synonyms[term] = tuple(dict.fromkeys(synonyms.get(term, ()) + alternatives))
        except ValueError:
            continue  # the admin form rejects bad rules; a bad line in the file must not break search
    # Every synonym is a word of its own, so that the query 劳动模范 is one clause, not 劳动 + 模范.
    known = {w for w, _f in words}
    for term, alternatives in synonyms.items():
        for word in (term, *alternatives):
            if word not in known:
                words.append((word, 2000))
                known.add(word)
    return Vocabulary(tuple(words), synonyms, version)


class VocabularySource:
    """Where words and rules beyond the shipped files come from. `version()` is cheap and changes
    whenever they do; `load()` returns (words, rules). The default has none."""

    def version(self):
        return None

    def load(self):
        return (), ()


class _State:
    lock = threading.Lock()
    source = VocabularySource()
    vocabulary = None
    tokenizer = None
    fingerprint = ""
    checked_at = 0.0


def set_vocabulary_source(source):
    """Hand in the admin's vocabulary (called once by the search app); takes effect at the next use."""
    with _State.lock:
        _State.source = source
        _State.vocabulary = None


def _safe(call, default):
    try:
        return call()
    except Exception:  # noqa: BLE001 — before migrations (or without a database) the files are enough
        logging.getLogger(__name__).debug("vocabulary source unavailable", exc_info=True)
        return default


def vocabulary():
    """The current vocabulary; edits in the admin reach other processes within VOCABULARY_CHECK_SECONDS."""
    now = time.monotonic()
    if _State.vocabulary is None or now - _State.checked_at > VOCABULARY_CHECK_SECONDS:
        with _State.lock:
            if _State.vocabulary is None or now - _State.checked_at > VOCABULARY_CHECK_SECONDS:
                source = _State.source
                version = _safe(source.version, None)
                if _State.vocabulary is None or version != _State.vocabulary.version:
                    words, rules = _safe(source.load, ((), ()))
                    _install(_load_vocabulary(version, words, rules))
                _State.checked_at = now
    return _State.vocabulary


@lru_cache(maxsize=1)
def _base_dictionary():
    """jieba's own dictionary, read once per process (a second from its cache file): every vocabulary
    edit starts again from a copy of it."""
    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total


def preload():
    """Read jieba's dictionary now: gunicorn loads the application before it forks its workers, which then
    share it instead of each spending a second of its first search on it."""
    _base_dictionary()


def _install(loaded):
    instance = segmenter.Segmenter(*_base_dictionary())
    for word, frequency in loaded.words:
        instance.add_word(word, frequency)
    _State.tokenizer = instance
    _State.vocabulary = loaded
    _State.fingerprint = _fingerprint_of(loaded)
    _index_terms.cache_clear()
    _analyze.cache_clear()


def reload_vocabulary():
    """Called when an admin edits the dictionary or the synonyms (in this process: at once)."""
    with _State.lock:
        _State.vocabulary = None


def tokenizer():
    vocabulary()
    return _State.tokenizer


def fingerprint():
    """Changes whenever the analysis of a text could: with the vocabulary, this module's code, and the
    libraries that fold, cut and spell it. Analyses kept under another fingerprint are made again."""
    vocabulary()
    return _State.fingerprint


def _fingerprint_of(loaded):
    digest = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16)
    digest.update(Path(segmenter.__file__).read_bytes())
    digest.update(repr(loaded.words).encode())
    for library in ("jieba", "pypinyin", "opencc-python-reimplemented"):
        digest.update(f"{library} {_version(library)}".encode())
    digest.update(unicodedata.unidata_version.encode())
    return digest.hexdigest()


def _version(distribution):
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return ""


# --- Indexing ------------------------------------------------------------------------------------


def _keep(token):
    token = token.strip()
    return bool(token) and token not in STOPWORDS


def index_terms(text):
    """Every term a document should be found by: whole words and the dictionary words inside them,
    of any length (全国劳动模范 → 全国, 劳动, 模范, 劳动模范, 全国劳动模范; jieba's own search mode
    stops at three characters). Cached: studio, enterprise and skill names recur in thousands of documents."""
    vocabulary()  # a changed vocabulary empties the caches
    return _index_terms(text)


def _ascii_word(token):
    return token.isascii() and token.isalnum()


def _cut(text):
    """jieba's words, with Latin letters and digits kept whole: jieba cuts inside them wherever the
    dictionary has a shorter word (javascript → java scr i pt, after the thesaurus's SCR and PT), but
    an English word or a model number is one word, as every other search engine sees it."""
    words = []
    for token in _State.tokenizer.cut(text):
        if words and _ascii_word(token) and _ascii_word(words[-1]):
            words[-1] += token  # no space between them: the same word
        else:
            words.append(token)
    return words


# A model number's letter and digit parts are words of their own (gb50016 → gb, 50016; 10kv → 10, kv).
ASCII_PARTS = re.compile(r"[a-z]+|[0-9]+")


@lru_cache(maxsize=50_000)
def _index_terms(text):
    instance = _State.tokenizer
    terms = []
    for word in _cut(normalize(text)):
        if _ascii_word(word):
            parts = ASCII_PARTS.findall(word)
            if len(parts) > 1:
                terms.extend(parts)
        elif len(word) > 2:
            for size in range(2, len(word)):
                terms.extend(
                    part
                    for start in range(len(word) - size + 1)
                    if instance.FREQ.get(part := word[start : start + size])
                )
        terms.append(word)
    return tuple(t for t in terms if _keep(t))


def terms_text(*texts):
    """Index terms of several texts as one space-separated string with a space at both ends, so
    that a whole term can be matched with `LIKE '% term %'` and split by a whitespace analyzer."""
    terms = []
    for text in texts:
        if text:
            terms.extend(index_terms(text))
    return f" {' '.join(terms)} " if terms else ""


def plain_text(*texts):
    """The normalized text itself, for the character fallback (substring on the database)."""
    return " ".join(filter(None, (normalize(t) for t in texts if t)))


def bigrams(text, normalized=False):
    """Overlapping character bigrams of each CJK run, other words whole: 压缩机 plc → 压缩 缩机 plc.
    Matched as a phrase, they find exactly the texts that contain a fragment (Elasticsearch fallback).
    `normalized`: the text is normalize()'s already (a record's text), not folded again (⅔ of the cost)."""
    grams = []
    for run in GRAM_RUNS.findall(text if normalized else normalize(text)):
        if CJK.match(run) and len(run) > 1:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            grams.append(run)
    return grams


def pinyin_keys(name):
    """Full pinyin and initials of a name (王建国 → wangjianguo, wjg); empty for names without CJK."""
    name = normalize(name).replace(" ", "")
    if not CJK.search(name):
        return ()
    full = "".join(lazy_pinyin(name))
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
    return tuple(dict.fromkeys([full, initials]))


# --- Queries -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """One thing the user asked for; a result must match every clause of a query.

    `alternatives`: each is a tuple of index terms that together match the clause — the typed word
    first, then its synonyms. `text`: what was typed, matched character by character when no whole
    word matches (a partial or unknown word); such matches rank below whole-word ones.
    """

    text: str
    alternatives: tuple

    @property
    def may_be_pinyin(self):
        """Letters only: perhaps the start of a name's pinyin (wjg, wangjianguo)."""
        return self.text.isascii() and self.text.isalpha() and len(self.text) > 1


@dataclass(frozen=True)
class Query:
    clauses: tuple

    def __bool__(self):
        return bool(self.clauses)

    @property
    def terms(self):
        """Every word a result may show (for highlighting): typed words, synonyms, fragments."""
        words = []
        for clause in self.clauses:
            words.append(clause.text)
            for alternative in clause.alternatives:
                words.extend(alternative)
        return tuple(dict.fromkeys(words))

    @property
    def typed_terms(self):
        return tuple(clause.text for clause in self.clauses)


def _words(text):
    """Query words: jieba's words, with runs of single characters joined back into one fragment
    (缩机 typed alone stays 缩机), stopwords dropped."""
    words, run = [], ""
    for token in _cut(text):
        token = token.strip()
        if len(token) == 1 and CJK.match(token) and token not in STOPWORDS:
            run += token
            continue
        if run:
            words.append(run)
            run = ""
        if _keep(token):
            words.append(token)
    if run:
        words.append(run)
    return list(dict.fromkeys(words))


def analyze(query):
    """The clauses of a query: 空压机 故障 → [空压机 | 空气压缩机, 故障]."""
    vocabulary()  # a changed vocabulary empties the caches
    return _analyze(query)


@lru_cache(maxsize=4096)
def _analyze(query):
    synonyms = _State.vocabulary.synonyms
    clauses = []
    for word in _words(normalize(query[:MAX_QUERY_LENGTH])):
        alternatives = [(word,)]
        if _ascii_word(word) and len(parts := ASCII_PARTS.findall(word)) > 1:
            alternatives.append(tuple(parts))  # 10kv also finds "10 kV"
        for synonym in synonyms.get(word, ()):
            terms = tuple(_words(synonym))
            if terms and terms not in alternatives:
                alternatives.append(terms)
        clauses.append(Clause(text=word, alternatives=tuple(alternatives)))
    return Query(tuple(clauses))


def query_terms(query):
    """The typed words of a query (no synonyms): 空压机故障 → 空压机, 故障."""
    return analyze(query).typed_terms
