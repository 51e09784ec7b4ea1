"""What the public may see of the page tree: live pages that no view restriction covers (the admin's
隐私 setting — login, password or groups — on a page or any page above it).

Every public list, count, feed, export, API answer and search record reads pages through these, so a
restricted page is shown only to whoever opens it and passes Wagtail's check."""

from django.db.models import Q

from wagtail.models import CollectionViewRestriction, Page, PageManager, PageQuerySet, PageViewRestriction

from core.pagecache import kept_until_next_write


def _restricted(restrictions, node):
    """The tree paths of the nodes (pages or collections) that carry a view restriction, read again after
    every write (a restriction's save or delete is one); Wagtail's own public() reads the table each call."""
    return kept_until_next_write(
        f"view-restricted-{node}-paths",
        lambda: sorted(set(restrictions.objects.values_list(f"{node}__path", flat=True))),
    )


def restricted_paths():
    return _restricted(PageViewRestriction, "page")


def restricted_collection_paths():
    return _restricted(CollectionViewRestriction, "collection")


def alias_paths():
    """The tree paths of alias pages (an alias, and whatever is under it, takes its source page's restrictions)."""
    return kept_until_next_write(
        "alias-page-paths", lambda: sorted(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    )


def may_be_restricted(page):
    """Whether a view restriction could cover this page: one on it or above it, or an alias on the way. When
    not, Wagtail's check of every served page (two queries: the ancestors, then their restrictions) has
    nothing to find."""
    return page.path.startswith((*restricted_paths(), *alias_paths()))


def is_public_collection(collection):
    """Whether no view restriction covers this collection: a restricted collection's documents are
    refused by Wagtail to the public, and a public page does not name them either."""
    return not collection.path.startswith(tuple(restricted_collection_paths()))


def restricted_q(relation=""):
    """The pages (or, through `relation` such as "page__", the rows whose page) a view restriction covers."""
    q = Q(pk__in=[])
    for path in restricted_paths():
        q |= Q(**{f"{relation}path__startswith": path})
    return q


def public_q(relation=""):
    """The pages (or the rows whose page, through `relation`) the public may see: live and unrestricted."""
    live = Q(**{f"{relation}live": True})
    return live & ~restricted_q(relation) if restricted_paths() else live


def is_public(page):
    """Whether the public may see this page (one already read, as a row's related page)."""
    return page.live and not page.path.startswith(tuple(restricted_paths()))


def shown(page):
    """A row's page (a task's studio, an answer's project) if the public may see it, else None."""
    return page if page is not None and is_public(page) else None


class PublicPageQuerySet(PageQuerySet):
    """Wagtail's page queries, with public() / not_public() / private() reading the kept restrictions."""

    def private_q(self):
        return restricted_q()

    def public(self):
        # With no restriction anywhere (the usual case) no condition at all: excluding Wagtail's "nothing"
        # costs ≈ 0.1 ms to build and compile on every listing.
        return self.exclude(self.private_q()) if restricted_paths() else self.all()


class PublicPageManager(PageManager.from_queryset(PublicPageQuerySet)):
    pass
