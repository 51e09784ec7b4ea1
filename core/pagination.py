from django.core.paginator import Paginator


def paginate(request, queryset, per_page):
    """The requested page; a missing, malformed or out-of-range number gives a valid page."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
