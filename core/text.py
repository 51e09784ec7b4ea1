"""Small text helpers shared by the apps."""

from pypinyin import lazy_pinyin

from django.utils.text import slugify


def pinyin_slug(text, max_length=80):
    """ASCII slug for Chinese names: 太原市 → taiyuanshi. Falls back to a unicode slug."""
    slug = slugify("-".join(lazy_pinyin(text)))
    return (slug or slugify(text, allow_unicode=True))[:max_length]


def unique_slug(queryset, text, *, exclude_pk=None, max_length=80, fallback="item"):
    """A pinyin slug for `text` that no row of `queryset` uses yet: taiyuanshi, taiyuanshi-2 …"""
    base = pinyin_slug(text, max_length) or fallback
    taken = queryset.exclude(pk=exclude_pk) if exclude_pk else queryset
    slug, suffix = base, 2
    while taken.filter(slug=slug).exists():
        slug, suffix = f"{base[: max_length - len(str(suffix)) - 1]}-{suffix}", suffix + 1
    return slug
