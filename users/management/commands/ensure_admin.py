import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the platform admin account if there is none; its password is printed once, at creation."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))
        parser.add_argument("--email", default=os.environ.get("ADMIN_EMAIL", "admin@example.com"))

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"管理员账号已存在，登录：http://127.0.0.1:8000/admin/ （用户名 {username}，密码见首次运行时的输出）"
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email=email, password=password)
        self.stdout.write(self.style.SUCCESS("已创建管理员账号（密码只显示这一次，请妥善保存）："))
        self.stdout.write(f"  地址：http://127.0.0.1:8000/admin/\n  用户名：{username}\n  密码：{password}")
