from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The platform's user. Custom from day one so that fields can be added without pain."""

    person = models.OneToOneField(
        "studios.Person",
        verbose_name="人才档案",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
        help_text="领办人的账号与其人才档案相连，指定为领办人后即可编辑其工作室",
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = "用户"
        verbose_name_plural = "用户"
