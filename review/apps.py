from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "审核与权限"

    def ready(self):
        from review import signals  # noqa: F401
