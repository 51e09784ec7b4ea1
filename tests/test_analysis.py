"""The Chinese text analysis on its own: pure functions, no database (textsearch.analysis imports no
Django). The vocabulary is handed in, as the search app does at start-up."""

import random
import string
import unicodedata

import pytest

from textsearch import analysis
from textsearch.analysis import (
    VocabularySource,
    analyze,
    bigrams,
    fold,
    index_terms,
    normalize,
    parse_synonyms,
    pinyin_keys,
    plain_text,
    query_terms,
    set_vocabulary_source,
)


class GivenVocabulary(VocabularySource):
    def __init__(self, words=(), rules=()):
        self.words, self.rules = list(words), list(rules)

    def version(self):
        return (tuple(self.words), tuple(self.rules))

    def load(self):
        return self.words, self.rules


@pytest.fixture(autouse=True)
def files_only():
    """Only the shipped dictionary and synonyms (no admin tables), restored afterwards."""
    previous = analysis._State.source
    set_vocabulary_source(VocabularySource())
    yield
    set_vocabulary_source(previous)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＰＬＣ編程", "plc编程"),  # full-width letters, traditional characters
        ("勞動模範", "劳动模范"),
        ("空壓機（故障）", "空压机 故障"),  # punctuation becomes a space
        ("  a,,b  ", "a b"),
        ("", ""),
    ],
)
def test_normalize_folds_width_script_case_and_punctuation(text, expected):
    assert normalize(text) == expected


def test_fold_keeps_every_character_but_changes_width_and_script():
    assert fold("ＡＢＣ設備") == "abc设备"


def test_fold_is_its_steps_one_after_another():
    """fold() takes shortcuts (full-width characters made half-width before NFKC, one table for both foldings);
    on generated texts drawn from every range it changes — and some it does not — it gives what its documented
    steps give: control characters dropped, NFKC, traditional → simplified, accents off, case."""
    simplified, unaccented = analysis._simplified_table(), analysis._unaccented_table()

    def stepwise(text):
        text = unicodedata.normalize("NFKC", analysis.CONTROL.sub("", text))
        text = text.translate(simplified).translate(unaccented)
        return analysis.LATIN_MARKS.sub("", text).lower()

    ranges = [
        range(0x80),  # ASCII and controls
        range(0x0300, 0x0370),  # combining accents
        range(0x1E00, 0x1F00),  # Latin letters with accents
        range(0x2100, 0x2200),  # letterlike symbols (℃, Ⅱ)
        range(0x2460, 0x2500),  # circled numbers
        range(0x2F00, 0x2FE0),  # Kangxi radicals
        range(0x3000, 0x3040),  # ideographic space and punctuation
        range(0x4E00, 0x9FFF),  # CJK ideographs
        range(0xAC00, 0xAC40),  # Hangul syllables
        range(0xF900, 0xFB00),  # CJK compatibility ideographs
        range(0xFE30, 0xFE70),  # vertical and small forms
        range(0xFF00, 0xFFF0),  # full and half width forms
        list(simplified),
        list(unaccented),
    ]
    rng = random.Random("fold")
    for _ in range(20_000):
        text = "".join(chr(rng.choice(rng.choice(ranges))) for _ in range(rng.randint(0, 30)))
        assert fold(text) == stepwise(text), ascii(text)


def test_every_dictionary_word_inside_a_word_is_an_index_term():
    terms = set(index_terms("全国劳动模范"))
    assert {"全国劳动模范", "劳动模范", "劳动", "模范"} <= terms


def test_stopwords_are_not_index_terms():
    terms = index_terms("设备的改造和维修")
    assert "的" not in terms and "和" not in terms
    assert "改造" in terms and "维修" in terms


def test_a_query_has_one_clause_per_typed_word():
    query = analyze("空压机 故障")
    assert [clause.text for clause in query.clauses] == ["空压机", "故障"]
    assert query_terms("空压机 故障") == ("空压机", "故障")


SHIPPED_RULE_FILES = [analysis.SYNONYMS, *sorted(analysis.THESAURUS.glob("*.txt"))]


@pytest.mark.parametrize("path", SHIPPED_RULE_FILES, ids=lambda path: path.name)
def test_every_shipped_synonym_is_one_clause_that_finds_the_others(path):
    # Every rule of every shipped file: a term typed alone is one clause (a multi-word term is looked up
    # whole, before segmentation could cut it), and its alternatives are the rule's other terms.
    synonyms = parse_synonyms(path.read_text(encoding="utf-8").splitlines())
    assert synonyms, f"{path.name} has no rules"
    for term, alternatives in synonyms.items():
        query = analyze(term)
        assert len(query.clauses) == 1, (path.name, term, [c.text for c in query.clauses])
        found = {" ".join(alternative) for alternative in query.clauses[0].alternatives}
        for alternative in alternatives:
            assert " ".join(analysis._words(alternative)) in found, (path.name, term, alternative)


def test_the_thesaurus_covers_every_industry_with_hundreds_of_rules():
    rules = [
        line
        for path in analysis.THESAURUS.glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.split("#", 1)[0].strip()
    ]
    assert len(rules) >= 300
    for path in analysis.THESAURUS.glob("*.txt"):
        assert path.read_text(encoding="utf-8").startswith("#"), f"{path.name} must say where its words come from"


def test_vocabulary_handed_in_changes_segmentation_and_synonyms():
    word = "瓦斯抽采钻机"
    assert word not in index_terms(f"新型{word}")
    set_vocabulary_source(GivenVocabulary(words=[word], rules=["钻机, 钻孔机"]))
    assert word in index_terms(f"新型{word}")
    clause = analyze("钻机").clauses[0]
    assert ("钻孔机",) in clause.alternatives


def test_a_failing_vocabulary_source_leaves_the_shipped_files_in_effect():
    class Broken(VocabularySource):
        def version(self):
            raise RuntimeError("no database")

    set_vocabulary_source(Broken())
    assert "劳动模范" in index_terms("全国劳动模范")


@pytest.mark.parametrize(
    "line",
    ["", "   # only a comment", "a", "a => ", " => b"],
)
def test_parse_synonyms_refuses_rules_with_fewer_than_two_terms(line):
    if not line.split("#")[0].strip():
        assert parse_synonyms([line]) == {}
    else:
        with pytest.raises(ValueError, match="第 1 行"):
            parse_synonyms([line])


def test_one_way_rules_expand_only_their_left_side():
    synonyms = parse_synonyms(["五小 => 小发明, 小创造"])
    assert synonyms == {"五小": ("小发明", "小创造")}


def test_bigrams_cut_chinese_runs_and_keep_other_words_whole():
    assert bigrams("压缩机 PLC") == ["压缩", "缩机", "plc"]
    assert bigrams("机") == ["机"]


def test_a_normalized_text_needs_no_second_normalizing():
    """A record's text is normalize()'s (plain_text) and its bigrams skip normalizing it again: the same bigrams
    on generated texts of every kind of character the folding changes (full width, traditional, accents, case,
    punctuation, spaces)."""
    rng = random.Random(3)
    alphabet = "壓縮機压缩机軸承座轴承ＰＬＣplcABC１２３123é́、，。！ 　	-_/（）()"
    for _ in range(500):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 40)))
        assert normalize(normalize(text)) == normalize(text)
        assert bigrams(plain_text(text), normalized=True) == bigrams(text)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("王建国", ("wangjianguo", "wjg")), ("李 娜", ("lina", "ln")), ("ABC", ())],
)
def test_pinyin_keys_of_names(name, expected):
    assert pinyin_keys(name) == expected


def test_long_queries_are_cut_to_the_maximum_length():
    query = analyze("故障" * analysis.MAX_QUERY_LENGTH)
    assert sum(len(clause.text) for clause in query.clauses) <= analysis.MAX_QUERY_LENGTH


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "工作\x1f室", "x\x7fy", "\ud800工作室"])
def test_control_characters_and_lone_surrogates_never_reach_the_terms(text):
    for output in (normalize(text), fold(text), " ".join(index_terms(text)), *analysis.query_terms(text)):
        assert not analysis.CONTROL.search(output), (text, output)


def _ascii_dictionary_words():
    analysis.vocabulary()
    return sorted(
        w for w, f in analysis._State.tokenizer.FREQ.items() if f and w.isascii() and w.isalpha() and len(w) > 1
    )


def test_latin_words_are_never_cut_at_the_dictionary_words_inside_them():
    """javascript is one word, not java + scr + i + pt, whatever abbreviations the thesaurus adds."""
    rng = random.Random(7)
    words = _ascii_dictionary_words()
    assert len(words) > 20  # the thesaurus's abbreviations (PLC, UPS, AGV …)
    for _ in range(200):
        first, second = rng.sample(words, 2)
        joined = first + second
        assert analyze(f"{joined} 改造").typed_terms[0] == joined
        assert joined in index_terms(f"{joined.upper()}改造")
        assert first not in index_terms(joined) and second not in index_terms(joined)


def test_a_model_numbers_letters_and_digits_are_words_and_a_query_for_it_finds_it_spaced():
    rng = random.Random(11)
    for _ in range(50):
        letters = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(1, 4)))
        digits = "".join(rng.choices(string.digits, k=rng.randint(1, 5)))
        assert {letters, digits, letters + digits} <= set(index_terms(f"{letters.upper()}{digits}规范"))
        assert (letters, digits) in analyze(letters + digits).clauses[0].alternatives


def test_accents_are_folded_so_a_word_typed_without_them_matches():
    rng = random.Random(5)
    marks = ["\u0301", "\u0300", "\u0302", "\u0308", "\u0304", "\u030c"]  # acute, grave, circumflex …
    for _ in range(100):
        word = "".join(rng.choices("aeiouc", k=rng.randint(3, 8)))
        accented = unicodedata.normalize("NFC", "".join(c + rng.choice(marks) for c in word))
        assert fold(accented) == word
        assert index_terms(accented.capitalize()) == index_terms(word)
