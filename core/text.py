"""Small text helpers shared by the apps."""

from functools import reduce
from operator import or_

from pypinyin import lazy_pinyin

from django.db.models import Q
from django.utils.text import slugify


def tag_names(tags):
    """Tag names in name order, as every page, export, API answer and search record lists them: the database
    returns an object's tags in no fixed order (on PostgreSQL it changes with the query's plan)."""
    return sorted(tag.name for tag in tags)


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
        slug, suffix = suffixed(base, suffix, max_length), suffix + 1
    return slug


def suffixed(base, suffix, max_length):
    """base-2, base-3 …, the base cut to leave room for the suffix."""
    return f"{base[: max_length - len(str(suffix)) - 1]}-{suffix}"


class SlugAllocator:
    """unique_slug for many new rows: the slugs each pinyin base already has are read once, in one
    query per LOOKUP_CHUNK bases, and the slugs handed out are remembered (the rows are not saved yet)."""

    LOOKUP_CHUNK = 200

    def __init__(self, queryset=None, *, existing=None, max_length=80, fallback="item"):
        """The slugs in use are those of `queryset`, or the set `existing` when the caller has read them."""
        self.queryset, self.existing = queryset, existing
        self.max_length, self.fallback = max_length, fallback
        self.taken = {}  # base → slugs in use that start like it

    def base(self, text):
        return pinyin_slug(text, self.max_length) or self.fallback

    def allocate_all(self, texts):
        bases = [self.base(text) for text in texts]
        unknown = sorted(set(bases) - set(self.taken))
        for start in range(0, len(unknown), self.LOOKUP_CHUNK):
            chunk = unknown[start : start + self.LOOKUP_CHUNK]
            for base in chunk:
                self.taken[base] = set()
            # A prefix short enough to hold every suffixed form (base cut to make room for "-NNNNNNN").
            prefixes = {base: base[: self.max_length - 8] for base in chunk}
            if self.existing is not None:
                used = [slug for slug in self.existing if slug.startswith(tuple(prefixes.values()))]
            else:
                query = reduce(or_, (Q(slug__startswith=p) for p in prefixes.values()))
                used = self.queryset.filter(query).values_list("slug", flat=True)
            for slug in used:
                for base, prefix in prefixes.items():
                    if slug.startswith(prefix):
                        self.taken[base].add(slug)
        return [self._next_free(base) for base in bases]

    def allocate(self, text):
        return self.allocate_all([text])[0]

    def _next_free(self, base):
        taken = self.taken[base]
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = suffixed(base, suffix, self.max_length), suffix + 1
        taken.add(slug)
        return slug
