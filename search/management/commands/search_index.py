from django.core.management.base import BaseCommand, CommandError

from core import planner
from core.progress import Progress
from search import elastic, indexing
from search.models import DocumentType, PendingIndexUpdate, SearchEntry
from search.records import TYPES

DEAD_LETTERS_SHOWN = 20


class Command(BaseCommand):
    help = (
        "Manage the search index: rebuild (new versioned indexes, atomic alias swap), "
        "status (document counts against the database), retry (apply pending updates)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "retry"])
        parser.add_argument(
            "--workers", type=int, default=None, help="rebuild: processes building the records (default: one per core)"
        )
        parser.add_argument(
            "--reanalyse",
            action="store_true",
            help="rebuild: segment every text again instead of keeping the analysis of texts unchanged since they "
            "were last indexed (the vocabulary and the analysis code are checked either way)",
        )

    def handle(self, *args, action, workers=None, reanalyse=False, **options):
        if action == "rebuild":
            self.rebuild(workers, reanalyse)
        else:
            getattr(self, action)()

    def rebuild(self, workers=None, reanalyse=False):
        if workers is not None and workers < 1:
            raise CommandError("--workers 至少为 1。")
        try:
            counts = indexing.rebuild(
                log=self.stdout.write,
                workers=workers,
                progress=self.progress,
                reanalyse=reanalyse,
            )
        except elastic.ERRORS as error:
            raise CommandError(f"Elasticsearch 出错（{elastic.shown_hosts()}）：{elastic.describe(error)}") from error
        planner.refresh_statistics()  # the search tables were rewritten
        self.stdout.write(self.style.SUCCESS(f"索引重建完成：{sum(counts.values())} 条。"))
        rejected = PendingIndexUpdate.objects.dead_letters().count()
        if rejected:
            self.stdout.write(self.style.WARNING(f"{rejected} 条文档被 Elasticsearch 拒绝，见 search_index status。"))

    def progress(self, doc_type, total):
        return Progress(self.stdout, f"重建索引（{DocumentType(doc_type).label}）", total)

    def status(self):
        engine = f"Elasticsearch（{elastic.shown_hosts()}）" if elastic.enabled() else "数据库"
        self.stdout.write(f"搜索引擎：{engine}")
        healthy = True
        for doc_type in DocumentType.values:
            expected = TYPES[doc_type].queryset().count()
            entries = SearchEntry.objects.filter(doc_type=doc_type).count()
            line = f"  {doc_type:8} 数据库 {expected:>7}  搜索表 {entries:>7}"
            healthy &= entries == expected
            if elastic.enabled():
                try:
                    indexed = elastic.count(doc_type)
                    line += f"  Elasticsearch {indexed:>7}  {', '.join(elastic.indexes_behind(doc_type))}"
                    healthy &= indexed == expected
                except elastic.ERRORS as error:
                    line += f"  Elasticsearch 不可用：{type(error).__name__}"
                    healthy = False
            self.stdout.write(line)
        pending = PendingIndexUpdate.objects.waiting().count()
        self.stdout.write(f"待同步的更新：{pending}")
        if pending:
            oldest = PendingIndexUpdate.objects.waiting().order_by("created_at").first()
            self.stdout.write(
                f"  最早：{oldest.created_at:%Y-%m-%d %H:%M:%S}（{oldest.key}，已尝试 {oldest.attempts} 次）"
            )
        dead_letters = PendingIndexUpdate.objects.dead_letters().order_by("rejected_at")
        self.stdout.write(f"被拒绝的文档（死信）：{dead_letters.count()}")
        for letter in dead_letters[:DEAD_LETTERS_SHOWN]:
            self.stdout.write(
                f"  {letter.key}  {letter.rejected_at:%Y-%m-%d %H:%M:%S}  原因：{letter.last_error[:300]}"
            )
        self.stdout.write(
            self.style.SUCCESS("状态正常。")
            if healthy and not pending and not dead_letters.exists()
            else self.style.WARNING("索引与数据库不一致，可运行 search_index rebuild 或 retry。")
        )

    def retry(self):
        try:
            applied = indexing.retry_pending()
        except elastic.ERRORS as error:
            raise CommandError(f"Elasticsearch 仍不可用：{elastic.describe(error)}") from error
        self.stdout.write(self.style.SUCCESS(f"已同步 {applied} 条待处理的更新。"))
