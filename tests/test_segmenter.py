"""The faster segmenter cuts every text as jieba's own Tokenizer does, with the same words added (pure Python,
no database)."""

import random

import jieba
import pytest

from textsearch.analysis import DICTIONARY, _base_dictionary
from textsearch.segmenter import Segmenter


@pytest.fixture(scope="module")
def dictionary():
    """jieba's dictionary, its words by length, and the shipped domain words."""
    frequencies, _total = _base_dictionary()
    words = [word for word, frequency in frequencies.items() if frequency]
    domain = [line.split()[0] for line in DICTIONARY.read_text(encoding="utf-8").splitlines() if line.strip()]
    return words, domain


def both(words_added):
    """A jieba Tokenizer and a Segmenter over the same dictionary, each given the same words (word, frequency)."""
    frequencies, total = _base_dictionary()
    jiebas = jieba.Tokenizer()
    jiebas.FREQ, jiebas.total, jiebas.initialized = dict(frequencies), total, True
    ours = Segmenter(frequencies, total)
    for word, frequency in words_added:
        jiebas.add_word(word, frequency)
        ours.add_word(word, frequency)
    return jiebas, ours


def generated_texts(rng, words, count):
    """Texts of dictionary words side by side (so that words overlap and compete), common and rare
    characters, Latin letters, digits, model numbers, punctuation, spaces and line breaks."""
    pieces = [
        lambda: rng.choice(words),
        lambda: rng.choice(words)[rng.randint(1, 3) :],  # the rest of a word: positions no word may start at
        lambda: rng.choice(words) + rng.choice(words),
        lambda: chr(rng.randint(0x4E00, 0x9FD5)),
        lambda: chr(rng.randint(0x3400, 0x4DBF)),  # outside jieba's Chinese range
        lambda: "".join(rng.choice("abcxyzABC0123456789+#&._%-") for _ in range(rng.randint(1, 6))),
        lambda: rng.choice([" ", "\n", "\r\n", "，", "。", "、", "（", "）", "：", "“", "”", "！", "　", "ｐｌｃ"]),
    ]
    return ["".join(rng.choice(pieces)() for _ in range(rng.randint(0, 40))) for _ in range(count)]


def test_every_text_is_cut_as_jieba_cuts_it(dictionary):
    words, domain = dictionary
    rng = random.Random(2026)
    added = [(word, rng.choice([None, 1, 3, 50, 10**4])) for word in rng.sample(domain, min(len(domain), 300))]
    jiebas, ours = both(added)
    texts = generated_texts(rng, words + [word for word, _frequency in added], 6000)
    different = [text for text in texts if list(ours.cut(text)) != list(jiebas.cut(text))]
    assert not different, different[:3]
    assert any(len(word) > 1 and word[0] >= "\u4e00" for text in texts for word in ours.cut(text))


def unknown_characters(rng, frequencies, count):
    """Characters jieba cuts as words that neither its dictionary nor the domain words hold."""
    known = set("".join(word for word in frequencies))
    return rng.sample([c for c in map(chr, range(0x4E00, 0x9FD6)) if c not in known], count)


def test_words_of_characters_no_dictionary_holds_are_cut_as_jieba_cuts_them(dictionary):
    """Words added of new characters, at frequencies far apart: a character no word starts at competes with the
    words around it (as a word of frequency 1), and equally probable paths meet (ab·c against a·bc where a and c,
    ab and bc are as frequent: jieba takes the longer word first)."""
    rng = random.Random(11)
    frequencies, _total = _base_dictionary()
    characters = unknown_characters(rng, frequencies, 600)
    added, texts = [], []
    for a, b, c, x in zip(*[iter(characters)] * 4, strict=True):
        word, single = rng.choice([1, 2, 10, 100, 10**4, 10**6, 10**8]), rng.choice([1, 3, 10**3, 10**5, 10**8])
        added += [(a + b, word), (b + c, word), (a, single), (c, single), (a + x, rng.choice([1, 10, 10**4]))]
        texts += [a + b + c, a + x + b + c, c + a + x, x + a + b + c + x]
    jiebas, ours = both(added)
    different = [text for text in texts if list(ours.cut(text)) != list(jiebas.cut(text))]
    assert not different, different[:3]


def test_words_added_deleted_and_given_another_frequency_later_are_cut_as_jieba_cuts_them(dictionary):
    words, domain = dictionary
    rng = random.Random(7)
    jiebas, ours = both([])
    for _round in range(20):
        changes = [("".join(rng.sample(domain + words, 2))[: rng.randint(2, 8)], rng.choice([0, 1, 5, 10**5]))]
        changes += [(rng.choice(words), 0), (rng.choice(words), rng.choice([1, 10**6]))]
        for word, frequency in changes:
            jiebas.add_word(word, frequency)
            ours.add_word(word, frequency)
        texts = generated_texts(rng, words + [word for word, _frequency in changes] * 50, 100)
        for text in texts:
            assert list(ours.cut(text)) == list(jiebas.cut(text)), text


def test_the_other_cuts_are_jiebas_own(dictionary):
    words, _domain = dictionary
    jiebas, ours = both([])
    for text in generated_texts(random.Random(3), words, 200):
        assert list(ours.cut(text, HMM=False)) == list(jiebas.cut(text, HMM=False))
        assert list(ours.cut(text, cut_all=True)) == list(jiebas.cut(text, cut_all=True))
        assert list(ours.cut_for_search(text)) == list(jiebas.cut_for_search(text))
