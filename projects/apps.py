from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "五小成果"

    def ready(self):
        from projects import signals  # noqa: F401
