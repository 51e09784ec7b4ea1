from django.core.management.base import BaseCommand, CommandError

from search import elastic, indexing
from search.models import DocumentType, PendingIndexUpdate, SearchEntry
from search.records import SOURCES


class Command(BaseCommand):
    help = (
        "Manage the search index: rebuild (new versioned indexes, atomic alias swap), "
        "status (document counts against the database), retry (apply pending updates)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "retry"])

    def handle(self, *args, action, **options):
        getattr(self, action)()

    def rebuild(self):
        try:
            counts = indexing.rebuild(log=self.stdout.write)
        except elastic.UNAVAILABLE as error:
            raise CommandError(f"Elasticsearch 不可用（{elastic.config()['URL']}）：{error}") from error
        self.stdout.write(self.style.SUCCESS(f"索引重建完成：{sum(counts.values())} 条。"))

    def status(self):
        engine = f"Elasticsearch（{elastic.config()['URL']}）" if elastic.enabled() else "数据库"
        self.stdout.write(f"搜索引擎：{engine}")
        healthy = True
        for doc_type in DocumentType.values:
            expected = SOURCES[doc_type][0]().count()
            entries = SearchEntry.objects.filter(doc_type=doc_type).count()
            line = f"  {doc_type:8} 数据库 {expected:>7}  搜索表 {entries:>7}"
            healthy &= entries == expected
            if elastic.enabled():
                try:
                    indexed = elastic.count(doc_type)
                    line += f"  Elasticsearch {indexed:>7}  {', '.join(elastic.indexes_behind(doc_type))}"
                    healthy &= indexed == expected
                except elastic.UNAVAILABLE as error:
                    line += f"  Elasticsearch 不可用：{type(error).__name__}"
                    healthy = False
            self.stdout.write(line)
        pending = PendingIndexUpdate.objects.count()
        self.stdout.write(f"待同步的更新：{pending}")
        if pending:
            oldest = PendingIndexUpdate.objects.order_by("created_at").first()
            self.stdout.write(
                f"  最早：{oldest.created_at:%Y-%m-%d %H:%M:%S}（{oldest.key}，已尝试 {oldest.attempts} 次）"
            )
        self.stdout.write(
            self.style.SUCCESS("状态正常。")
            if healthy and not pending
            else self.style.WARNING("索引与数据库不一致，可运行 search_index rebuild 或 retry。")
        )

    def retry(self):
        if not elastic.enabled():
            raise CommandError("未配置 ELASTICSEARCH_URL，没有需要同步的更新。")
        try:
            applied = indexing.retry_pending()
        except elastic.UNAVAILABLE as error:
            raise CommandError(f"Elasticsearch 仍不可用：{error}") from error
        self.stdout.write(self.style.SUCCESS(f"已同步 {applied} 条待处理的更新。"))
