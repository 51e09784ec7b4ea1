from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The platform's user. Custom from day one so that fields can be added without pain."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = "用户"
        verbose_name_plural = "用户"
