import os
import secrets
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import planner
from home.demo.accounts import ensure_demo_accounts
from home.demo.builder import DemoBuilder
from review.roles import ensure_roles
from search import elastic, indexing


class Command(BaseCommand):
    help = "Load realistic demo content (deterministic for a seed, idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=300, help="number of 五小 projects (default 300)")
        parser.add_argument("--studios", type=int, default=60, help="number of studios (default 60)")
        parser.add_argument("--people", type=int, default=200, help="number of people (default 200)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    def handle(self, *args, projects, studios, people, seed, **options):
        if projects < 0 or studios < 1 or people < 30:
            raise CommandError("--projects 不能为负数，--studios 至少为 1，--people 至少为 30。")
        started = time.monotonic()
        builder = DemoBuilder(seed=seed, projects=projects, studios=studios, people=people, log=self.stdout.write)
        with indexing.suspended():
            created = builder.build()
        ensure_roles()  # the 工会审核 workflow applies to the studio directory the builder created
        self.demo_accounts()
        elapsed = time.monotonic() - started
        try:
            if created or indexing.needs_rebuild():
                self.stdout.write("正在重建搜索索引…")
                indexing.rebuild(log=self.stdout.write)
        except elastic.ERRORS as error:
            self.stderr.write(f"Elasticsearch 不可用，未能写入全文索引（数据库检索可用）：{elastic.describe(error)}")
        if created:
            planner.refresh_statistics(bulk_load=True)
            summary = "，".join(f"{name} {count}" for name, count in created.items())
            self.stdout.write(self.style.SUCCESS(f"演示数据已加载（{elapsed:.1f} 秒）：新建 {summary}。"))
        else:
            self.stdout.write(self.style.SUCCESS(f"演示数据已是最新，未做任何更改（{elapsed:.1f} 秒）。"))

    def demo_accounts(self):
        if not settings.DEMO_ACCOUNTS:
            self.stdout.write("未创建演示账号（只在开发环境设置下创建）。")
            return
        password = os.environ.get("DEMO_PASSWORD") or secrets.token_urlsafe(9)
        accounts = ensure_demo_accounts(password)
        created = [(username, description) for username, description, new in accounts if new]
        if created:
            self.stdout.write(self.style.SUCCESS("已创建演示账号（密码相同，只显示这一次）："))
            for username, description in created:
                self.stdout.write(f"  {username:10} {description}")
            self.stdout.write(f"  密码：{password}")
        elif accounts:
            names = "、".join(username for username, _, _ in accounts)
            self.stdout.write(f"演示账号已存在：{names}（密码见首次运行时的输出）。")
