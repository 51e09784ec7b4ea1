"""Small text helpers shared by the apps."""

from pypinyin import lazy_pinyin

from django.utils.text import slugify


def pinyin_slug(text, max_length=80):
    """ASCII slug for Chinese names: 太原市 → taiyuanshi. Falls back to a unicode slug."""
    slug = slugify("-".join(lazy_pinyin(text)))
    return (slug or slugify(text, allow_unicode=True))[:max_length]
