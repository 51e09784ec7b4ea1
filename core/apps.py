from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_migrate


def create_cache_tables(**kwargs):
    """`migrate` is the one deployment step: it also creates the table of a database cache (production's
    without Redis), which Django leaves to a separate command that is easy to forget."""
    from django.core.management import call_command

    call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class CoreConfig(AppConfig):
    """The bottom layer: base page types, blocks, pagination, forms and text helpers."""

    name = "core"
    verbose_name = "基础"

    def ready(self):
        from core import pagecache, planner

        post_migrate.connect(create_cache_tables, sender=self)
        post_migrate.connect(pagecache.on_write, sender=self)  # new templates after a deploy
        pagecache.connect_signals()
        post_migrate.connect(planner.refresh_after_migrate, sender=self)
        request_finished.connect(planner.refresh_when_due, dispatch_uid="planner-statistics")
