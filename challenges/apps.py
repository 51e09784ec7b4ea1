from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = "攻关榜"
    default_auto_field = "django.db.models.BigAutoField"
