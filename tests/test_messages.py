"""The translation catalogues: the source language's is complete (its lookups hit), the filler keeps it so."""

import shutil
from pathlib import Path

import polib

from django.conf import settings
from django.utils import translation

from core.management.commands.update_messages import HAN, fill_source_catalog

LOCALE = Path(settings.LOCALE_PATHS[0])


def catalog(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def current(po):
    return {entry.msgid: entry for entry in po if not entry.obsolete}


def test_the_chinese_catalogue_holds_every_message_the_english_one_does_each_as_itself():
    """Both come from one `manage.py update_messages`: a message added to one only means the other is stale."""
    chinese, english = current(catalog("zh_Hans")), current(catalog("en"))
    assert chinese.keys() == english.keys(), sorted(chinese.keys() ^ english.keys())[:10]
    for msgid, entry in chinese.items():
        if HAN.search(msgid):
            assert entry.translated(), msgid
            assert entry.msgstr == msgid or entry.msgstr_plural == {0: entry.msgid_plural}, msgid
    with translation.override("zh-hans"):  # the compiled catalogue is the one served
        for msgid in [m for m in chinese if HAN.search(m) and not chinese[m].msgid_plural][:50]:
            assert translation.gettext(msgid) == msgid


def test_the_filler_translates_new_chinese_messages_and_leaves_english_ones_to_wagtail(tmp_path):
    po_path = tmp_path / "django.po"
    shutil.copy(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po", po_path)
    po = polib.pofile(str(po_path))
    chinese = [e for e in po if HAN.search(e.msgid)][:20]
    english = [e for e in po if not HAN.search(e.msgid)]
    for entry in chinese:  # as makemessages leaves a new message
        entry.msgstr, entry.msgstr_plural = "", {0: ""} if entry.msgid_plural else {}
    po.save()

    assert fill_source_catalog(po_path) == len(chinese)
    refilled = current(polib.pofile(str(po_path)))
    assert all(refilled[e.msgid].translated() for e in chinese)
    assert english and not any(refilled[e.msgid].translated() for e in english)
    assert fill_source_catalog(po_path) == 0
