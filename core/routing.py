"""A page found in two queries however deep it is (three with what its template shows).

Wagtail routes a request by walking the tree from the site's root page: per path component, one query
for the child with that slug and one for its specific page — six for a project at /studios/<studio>/
<project>/. The site root's route reads every page on the way in one query instead (each component's
slug at its depth), checks they form a chain, reads the last one as its type with what its template
shows (`serving_queryset`), and asks it to route the empty rest, as the walk would. Whenever the
shortcut could answer differently from the walk — a component that is no page, a page on the way with
its own route() (a RoutablePage) — it steps aside and the walk decides.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from wagtail.models import Page


def pages_on_the_way(root, path_components):
    """The pages root's path components name, root's child first; None unless each is there."""
    depths = range(root.depth + 1, root.depth + 1 + len(path_components))
    wanted = reduce(or_, (Q(slug=slug, depth=depth) for slug, depth in zip(path_components, depths, strict=True)))
    candidates = Page.objects.filter(wanted, path__startswith=root.path)
    parent, chain = root, []
    for depth in depths:  # siblings' slugs are unique, so at most one candidate per depth continues the chain
        child = next((page for page in candidates if page.depth == depth and page.path.startswith(parent.path)), None)
        if child is None:
            return None
        child._cached_parent_obj = parent  # as the walk leaves it: get_parent() needs no query
        chain.append(child)
        parent = child
    return chain


def walks_like_a_page(page):
    return page.specific_class is not None and page.specific_class.route is Page.route


def specific_for_serving(page):
    serving_queryset = getattr(page.specific_class, "serving_queryset", None)
    return serving_queryset().get(pk=page.pk) if serving_queryset else page.specific


class DirectRouteMixin:
    """For the site's root page type."""

    def route(self, request, path_components):
        if len(path_components) < 2:  # the walk costs no more
            return super().route(request, path_components)
        chain = pages_on_the_way(self, path_components)
        if chain is None or not all(walks_like_a_page(page) for page in chain[:-1]):
            return super().route(request, path_components)
        page = specific_for_serving(chain[-1])
        page._cached_parent_obj = chain[-2]
        return page.route(request, [])
