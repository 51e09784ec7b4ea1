"""Who sees which rows in the admin's 合作申请 and 揭榜: the rows of the user's own studios
(review.roles.studios_of), or all of them for reviewers and platform admins."""

from review.roles import sees_everything, studios_of


def visible_to(user, queryset):
    """The rows of `queryset` (models with a `studio`) this user may see."""
    return queryset if sees_everything(user) else queryset.filter(studio__in=studios_of(user))


class OwnStudiosOnly:
    """Narrows every view of a viewset to the visible rows: others answer 404."""

    def get_base_queryset(self):  # listings
        return visible_to(self.request.user, super().get_base_queryset())

    def get_queryset(self):  # edit, delete
        return visible_to(self.request.user, super().get_queryset())
