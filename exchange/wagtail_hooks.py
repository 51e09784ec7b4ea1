from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from exchange.views import ImportView, download_template
from review.roles import sees_everything


@hooks.register("register_admin_urls")
def import_urls():
    return [
        path("import/", ImportView.as_view(), name="data_import"),
        path("import/templates/<slug:type_name>.xlsx", download_template, name="data_import_template"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return ImportMenuItem(
        gettext_lazy("数据导入"), reverse("data_import"), name="data-import", icon_name="upload", order=950
    )
