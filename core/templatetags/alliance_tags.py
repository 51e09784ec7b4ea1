from urllib.parse import urlencode

from django import template

from core.text import tag_names

register = template.Library()


@register.filter
def wan_yuan(value):
    """经济效益 as shown to readers: 125.5 → '125.5'; whole numbers without decimals."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@register.filter(name="tag_names")
def tag_field_names(tags):
    """A tag field's names in name order (core.text.tag_names)."""
    return tag_names(tags.all())


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's meta description: a view's `meta_description`, else the Wagtail page's own."""
    if context.get("meta_description"):
        return context["meta_description"]
    page = context.get("page")
    return page.get_meta_description() if hasattr(page, "get_meta_description") else ""


@register.simple_tag(takes_context=True)
def toggle_filter(context, name, value):
    """The query string with one facet value switched on (or off when it is already selected); back to page 1.
    The same as editing a copy of request.GET, but the other parameters are encoded once per facet and
    request (a search page links to hundreds of facet values)."""
    request = context["request"]
    before, current, after = _query_around(request, name)
    middle = [] if current == value else [urlencode({name: value})]
    return "?" + "&".join(part for part in (before, *middle, after) if part)


def _query_around(request, name):
    """(the parameters before `name`, its value, those after it) of request.GET without `page`, encoded."""
    parts = request.__dict__.setdefault("_query_around", {})
    if name not in parts:
        params = request.GET
        keys = [key for key in params if key != "page"]
        at = keys.index(name) if name in keys else len(keys)

        def encoded(some):
            return urlencode([(key, value) for key in some for value in params.getlist(key)])

        parts[name] = (encoded(keys[:at]), params.get(name), encoded(keys[at + 1 :]))
    return parts[name]


@register.simple_tag
def breadcrumb_ancestors(page):
    """The page's ancestors below the tree root, home first: from the parents its routing left on it (no
    query, core/routing.py and Wagtail's walk both do), else read from the tree."""
    ancestors, parent = [], getattr(page, "_cached_parent_obj", None)
    while parent is not None and parent.depth > 1:
        ancestors.append(parent)
        parent = getattr(parent, "_cached_parent_obj", None)
    if ancestors and ancestors[-1].depth == 2:
        return ancestors[::-1]
    return [ancestor for ancestor in page.get_ancestors() if ancestor.depth > 1]
