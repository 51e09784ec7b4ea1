from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer: base page types, blocks, pagination, forms and text helpers."""

    name = "core"
    verbose_name = "基础"
