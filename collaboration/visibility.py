"""Who sees which rows in the admin's 合作申请 and 揭榜: the rows of the user's own studios
(review.roles.studios_of), or all of them for reviewers and platform admins."""

from django.http import Http404

from review.roles import sees_everything, studios_of


def visible_to(user, queryset):
    """The rows of `queryset` (models with a `studio`) this user may see."""
    return queryset if sees_everything(user) else queryset.filter(studio__in=studios_of(user))


class OwnStudiosOnly:
    """Narrows a view to the visible rows: listings show only them, any other row answers 404."""

    def get_base_queryset(self):  # listings
        return self.narrowed(super().get_base_queryset())

    def get_queryset(self):
        return self.narrowed(super().get_queryset())

    def narrowed(self, queryset):
        # History and usage views list log entries and references, not rows: get_object checks their row.
        if getattr(queryset, "model", None) is not self.model:
            return queryset
        return visible_to(self.request.user, queryset)

    def get_object(self, *args, **kwargs):  # edit, delete, copy, history, usage, inspect …
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not self.is_visible(obj):
            raise Http404
        return obj

    def is_visible(self, obj):
        return visible_to(self.request.user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


class OwnStudiosViewSet:
    """A ModelViewSet mixin: every view it constructs — today's and any Wagtail adds — is narrowed by
    OwnStudiosOnly, and gets `form_mixin` (if set) before Wagtail's own view class."""

    form_mixin = None

    def construct_view(self, view_class, **kwargs):
        bases = (OwnStudiosOnly, self.form_mixin, view_class) if self.form_mixin else (OwnStudiosOnly, view_class)
        narrowed = type(f"OwnStudios{view_class.__name__}", tuple(b for b in bases if b), {})
        return super().construct_view(narrowed, **kwargs)
