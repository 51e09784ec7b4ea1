from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from wagtail.models import Site

from core.pagecache import kept_until_next_write
from core.visibility import public_q


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    path: str  # the page's tree path: a page under it is in its section


def site_navigation(request):
    """The main menu: the home page's children the public may see marked "show in menus", in tree order (a
    section under a view restriction is not offered to everyone) — read once per content version (any write
    makes it fresh), and only by a template that shows it."""
    site = Site.find_for_request(request)
    if site is None:
        return {"navigation": []}

    def menu():
        return [
            MenuItem(page.title, page.get_url(request), page.path)
            for page in site.root_page.get_children().filter(public_q()).in_menu()
        ]

    key = f"menu:{site.pk}:{get_language()}"
    return {"navigation": SimpleLazyObject(lambda: kept_until_next_write(key, menu))}
