import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Page

from core import backup, planner
from core.progress import format_seconds

PAGES_MIGRATE_CREATES = 2  # Wagtail's root and its welcome page


class Command(BaseCommand):
    help = (
        "恢复：用 manage.py backup 的归档替换数据库的全部内容和上传的文件，然后重建引用索引和搜索索引。"
        "数据库中已有内容时须确认（--yes）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="manage.py backup 写出的 .tar.gz 归档")
        parser.add_argument("--yes", action="store_true", help="数据库已有内容时不再询问，直接替换")

    def handle(self, *args, archive, yes, **options):
        started = time.monotonic()
        try:
            manifest = backup.read_manifest(archive)  # before anything is touched
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"归档：{archive}（{manifest['created']}，{manifest['database']}）")
        call_command("migrate", interactive=False, verbosity=0)
        if self.holds_content() and not yes and not self.confirmed():
            raise CommandError("数据库中已有内容，未做任何更改。确认要用归档替换全部内容时，加 --yes 再运行。")
        try:
            backup.restore(archive, self.stdout)
        except backup.BackupError as error:
            raise CommandError(f"{error}（数据库未被更改）") from error
        self.stdout.write("正在重建引用索引和搜索索引…")
        call_command("rebuild_references_index", verbosity=0)
        if "Elasticsearch" not in settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]:
            # Wagtail's database index follows saves, which a restore bypasses (search_index rebuild
            # rebuilds it itself when it lives on the cluster).
            call_command("update_index", verbosity=0)
        try:
            call_command("search_index", "rebuild", stdout=self.stdout, stderr=self.stderr)
        except CommandError as error:  # the database search answers meanwhile
            self.stderr.write(f"搜索索引未能重建（稍后运行 manage.py search_index rebuild）：{error}")
        planner.refresh_statistics(bulk_load=True)
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"恢复完成：{rows:,} 行数据，{manifest['files']['count']:,} 个文件，"
                f"用时 {format_seconds(time.monotonic() - started)}。"
            )
        )

    @staticmethod
    def holds_content():
        return get_user_model().objects.exists() or Page.objects.count() > PAGES_MIGRATE_CREATES

    def confirmed(self):
        if not sys.stdin.isatty():
            return False
        answer = input("数据库中已有内容，恢复会替换全部内容。输入 yes 继续：")
        return answer.strip().lower() == "yes"
