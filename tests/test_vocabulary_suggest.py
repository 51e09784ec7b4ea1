"""search_vocabulary suggest: words the dictionary lacks and synonyms worth adding, mined from the text."""

import random

import pytest

from django.core.management import CommandError, call_command

from search.models import SearchEntry, SynonymRule
from textsearch.analysis import fold, normalize, tokenizer
from textsearch.mining import Miner

# Common characters to make up terms from (a made-up term is in no dictionary).
CHARACTERS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土风雨雷电山川"


def made_up_term(rng, length=4):
    while True:
        term = "".join(rng.choice(CHARACTERS) for _ in range(length))
        if not tokenizer().FREQ.get(term):
            return term


def filler(rng, length=6):
    return "".join(
        rng.choice("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动")
        for _ in range(length)
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_term_many_documents_share_is_suggested_and_a_rare_one_is_not(seed):
    rng = random.Random(seed)
    shared, rare = made_up_term(rng), made_up_term(rng, 5)
    miner = Miner()
    for number in range(12):
        text = f"{filler(rng)}{shared}{filler(rng)}" + (f"{rare}{filler(rng)}" if number < 2 else "")
        miner.add(normalize(text))
    words = [s.word for s in miner.words(lambda w: bool(tokenizer().FREQ.get(w)), min_documents=3, limit=200)]
    assert shared in words
    assert rare not in words
    assert not any(piece in words for piece in (shared[:2], shared[1:3], shared[2:])), "pieces of the term"


@pytest.mark.parametrize("seed", [4, 5])
def test_an_abbreviation_next_to_its_name_and_variant_spellings_are_suggested(seed):
    rng = random.Random(seed)
    name = made_up_term(rng, 5)
    abbreviation = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(4))
    miner = Miner()
    for text in [
        f"{name}（{abbreviation.upper()}）的改进",
        f"{filler(rng)}粘结{filler(rng)}",
        f"{filler(rng)}黏结剂",
    ] * 2:
        miner.add(normalize(text), fold(text))
    rules = {s.terms for s in miner.synonyms({}, min_documents=2)}
    assert (abbreviation, name) in rules
    assert ("粘结", "黏结") in rules
    # A rule already in effect is not suggested again.
    known = {abbreviation: (name,), "粘结": ("黏结",), "黏结": ("粘结",)}
    assert not {s.terms for s in miner.synonyms(known, min_documents=2)} & {(abbreviation, name), ("粘结", "黏结")}


@pytest.mark.django_db
def test_the_command_prints_suggestions_and_saves_disabled_rules_to_review(capsys):
    with pytest.raises(CommandError, match="搜索表为空"):
        SearchEntry.objects.all().delete()
        call_command("search_vocabulary", "suggest")
    rng = random.Random(7)
    name, abbreviation = made_up_term(rng, 5), "qzkv"
    for number in range(5):
        SearchEntry.objects.create(
            key=f"project:{900000 + number}",
            doc_type="project",
            object_id=900000 + number,
            title=f"{name}（{abbreviation}）第{number}号",
            text=normalize(f"{filler(rng)}{name}{filler(rng)}"),
        )
    call_command("search_vocabulary", "suggest", "--save", "--min-documents", "3")
    out = capsys.readouterr().out
    assert name in out and f"{abbreviation}, {name}" in out
    rule = SynonymRule.objects.get(rule=f"{abbreviation}, {name}")
    assert not rule.enabled, "a suggestion waits for a reviewer"
    call_command("search_vocabulary", "suggest", "--save")  # again: nothing saved twice
    assert SynonymRule.objects.filter(rule=f"{abbreviation}, {name}").count() == 1
    with pytest.raises(CommandError):
        call_command("search_vocabulary", "suggest", "--limit", "0")
