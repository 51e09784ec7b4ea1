from wagtail.models import Site


def site_navigation(request):
    """The main menu: the home page's live children marked "show in menus", in tree order."""
    site = Site.find_for_request(request)
    if site is None:
        return {"navigation": [], "site_root": None}
    root = site.root_page
    return {"navigation": root.get_children().live().in_menu(), "site_root": root}
