from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core import planner
from core.progress import Progress
from core.spreadsheets import SpreadsheetError, open_sheet
from exchange.blank_forms import template_workbook
from exchange.importers import IMPORTERS, ImportRefused, importer_for


class Command(BaseCommand):
    help = (
        "Import enterprises, people, studios or projects from a spreadsheet (XLSX, or CSV in UTF-8 / GB18030): "
        "all or nothing, every problem reported as row + column + reason. --template writes a blank template."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx or .csv file (with --template: where to write the template)")
        parser.add_argument("--type", choices=sorted(IMPORTERS), help="what the file holds (default: from its columns)")
        parser.add_argument("--dry-run", action="store_true", help="check and show what would change, write nothing")
        parser.add_argument("--user", help="the account the pages' revisions are recorded for (default: none)")
        parser.add_argument("--template", action="store_true", help="write the blank XLSX template for --type")

    def handle(self, *args, file, type, dry_run, user, template, **options):
        translation.activate("zh-hans")
        if template:
            return self.write_template(file, type)
        account = self.account(user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        try:
            sheet = open_sheet(path)
            importer = importer_for(type, sheet.headers)(user=account)
        except (SpreadsheetError, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"读取 {path.name}：{sheet.description}，按“{importer.label}”导入。")
        if dry_run:
            with Progress(self.stdout, "检查", sheet.size, unit="行") as progress:
                plan = importer.plan(sheet, progress)
            if not plan.ok:
                self.report_problems(plan)
            self.show_changes(plan)
            self.stdout.write(self.style.SUCCESS(f"检查通过（试运行，未写入）：{self.summary(plan)}。"))
            return
        try:
            # One pass: each batch is checked, then written, all in one transaction; a problem in any row
            # and nothing is written. The file is read as a stream: the same memory for any size.
            with Progress(self.stdout, "导入", sheet.size, unit="行") as progress:
                plan = importer.apply(sheet, progress)
        except ImportRefused as refused:
            if refused.plan is None:
                raise CommandError(str(refused)) from None
            self.report_problems(refused.plan)
        planner.refresh_statistics(bulk_load=True)
        if options["verbosity"] > 1:
            self.show_changes(plan)
        self.stdout.write(self.style.SUCCESS(f"导入完成：{self.summary(plan)}（写入 {plan.writes} 条）。"))

    @staticmethod
    def summary(plan):
        counts = plan.counts()
        return f"新增 {counts['new']} 条，修改 {counts['changed']} 条，不变 {counts['unchanged']} 条"

    def show_changes(self, plan):
        for row in plan.shown_rows:
            if row.action == "changed":
                changes = "；".join(
                    f"{header}：{before or '（空）'} → {after or '（空）'}" for header, before, after in row.changes
                )
                self.stdout.write(f"  第 {row.number} 行 {row.key}：{changes}")
        if plan.unlisted_rows:
            self.stdout.write(f"  另有 {plan.unlisted_rows} 条新增或修改未列出")

    def report_problems(self, plan):
        for number, column, reason in plan.problems():
            where = f"第 {number} 行" if number else "文件"
            self.stderr.write(f"{where}{f'，“{column}”列' if column else ''}：{reason}")
        if plan.unlisted_problems:
            self.stderr.write(f"另有 {plan.unlisted_problems} 处错误未列出。")
        total = len(plan.file_errors) + plan.problem_count
        raise CommandError(f"发现 {total} 处错误，未导入任何数据。请修改后重新导入。")

    def account(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"找不到用户：{username}") from None

    def write_template(self, file, type_name):
        if not type_name:
            raise CommandError(f"--template 需要 --type（可选：{', '.join(sorted(IMPORTERS))}）")
        Path(file).write_bytes(template_workbook(IMPORTERS[type_name]))
        self.stdout.write(self.style.SUCCESS(f"已写入{IMPORTERS[type_name].label}导入模板：{file}"))
