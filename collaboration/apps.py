from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = "合作申请"
    default_auto_field = "django.db.models.BigAutoField"
