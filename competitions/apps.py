from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "competitions"
    verbose_name = "技能竞赛"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from competitions import signals  # noqa: F401
