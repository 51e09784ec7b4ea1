import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import backup
from core.progress import format_seconds


class Command(BaseCommand):
    help = "备份：数据库的全部内容和上传的文件写入一个 .tar.gz 归档（恢复用 manage.py restore）。"

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="归档路径（默认 BACKUP_DIR 下的 alliance-日期-时间.tar.gz）")

    def handle(self, *args, output=None, **options):
        started = datetime.datetime.now()
        path = Path(output) if output else settings.BACKUP_DIR / f"alliance-{started:%Y%m%d-%H%M%S}.tar.gz"
        if path.is_dir():
            raise CommandError(f"--output 应是文件路径，{path} 是一个文件夹。")
        try:
            manifest = backup.backup(path, self.stdout)
        except (OSError, backup.BackupError) as error:
            raise CommandError(f"备份失败：{error}") from error
        elapsed = (datetime.datetime.now() - started).total_seconds()
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{path}（{path.stat().st_size / 1e6:.1f} MB；{rows:,} 行数据，"
                f"{manifest['files']['count']:,} 个文件；用时 {format_seconds(elapsed)}）。"
            )
        )
        if not backup.file_roots().get("media"):
            self.stdout.write(self.style.WARNING("上传文件存放在外部存储中，未写入归档，请在存储服务一侧备份。"))
