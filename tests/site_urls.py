"""The site's URLs as the tests enumerate them: from the URL resolver and the page tree, never a
hand-kept list, so a new route or page type is covered without anyone remembering it."""

from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.models import Page

from studios.models import Enterprise, Honor, Industry, Person, Region


def public_urls(client):
    """One URL per page type and per public route (a route with a slug gets the first sample slug it
    knows: a person's, region's, industry's, enterprise's or honour's)."""
    samples = {
        "slug": [
            Person.objects.first().slug,
            Region.objects.first().slug,
            Industry.objects.first().slug,
            Enterprise.objects.first().slug,
            Honor.objects.first().slug,
        ]
    }
    urls = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(("admin/", "documents/", "i18n/", "^")):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern):
                converters = getattr(pattern.pattern, "converters", {})
                if not converters:
                    urls.add("/" + route.replace("^", "").replace("$", ""))
                elif set(converters) == {"slug"}:
                    for slug in samples["slug"]:
                        path = "/" + route.replace("<slug:slug>", slug)
                        if client.get(path).status_code == 200:
                            urls.add(path)
                            break

    walk(get_resolver().url_patterns, "")
    seen_types = set()
    for page in Page.objects.live().specific().order_by("depth", "pk"):
        if type(page) not in seen_types:
            seen_types.add(type(page))
            urls.add(page.url)
    return sorted(u for u in urls if u and "<" not in u)
