from django import template

register = template.Library()


@register.filter
def wan_yuan(value):
    """经济效益 as shown to readers: 125.5 → '125.5'; whole numbers without decimals."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's meta description: a view's `meta_description`, else the Wagtail page's own."""
    if context.get("meta_description"):
        return context["meta_description"]
    page = context.get("page")
    return page.get_meta_description() if hasattr(page, "get_meta_description") else ""


@register.simple_tag(takes_context=True)
def toggle_filter(context, name, value):
    """The query string with one facet value switched on (or off when it is already selected); back to page 1."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if params.get(name) == value:
        params.pop(name)
    else:
        params[name] = value
    return f"?{params.urlencode()}"
