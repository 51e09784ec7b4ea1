from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

from core.pagecache import cached_for_query


class ListingPaginator(Paginator):
    """Counts a listing once per content version (a count reads every matching row, on every view)."""

    @cached_property
    def count(self):
        if isinstance(self.object_list, QuerySet):
            return cached_for_query("count", self.object_list, self.object_list.count)
        return super().count


def paginate(request, queryset, per_page):
    """The requested page; a missing, malformed or out-of-range number gives a valid page."""
    paginator = ListingPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.elided_range = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
