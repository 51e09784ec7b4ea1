import sqlite3
from itertools import chain

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.utils.translation import gettext_lazy as _

from core.admin_forms import ConflictCheckedModelForm
from search.fulltext import spaced_characters
from textsearch.analysis import normalize, parse_synonyms

# Longer queries are logged cut to this length (the search itself reads up to MAX_QUERY_LENGTH).
MAX_LOGGED_QUERY = 100


class DocumentType(models.TextChoices):
    PROJECT = "project", _("五小成果")
    STUDIO = "studio", _("工作室")
    PERSON = "person", _("人才")
    CHALLENGE = "challenge", _("攻关榜")


class SearchEntryManager(models.Manager):
    def write(self, pairs):
        """Insert or overwrite the rows of these (key, record) pairs, as many rows a statement as the database
        takes parameters for (bulk_create spent longer building its SQL than the database writing, in
        statements of 34 rows on SQLite). A record holds every column but the derived ones (search.records),
        so a row is replaced whole."""
        connection = connections[self.db]
        fields = [field for field in self.model._meta.concrete_fields if not field.primary_key]
        quote = connection.ops.quote_name
        columns = [quote(field.column) for field in fields]
        table = quote(self.model._meta.db_table)
        others = [column for column in columns if column != quote("key")]
        overwritten = ", ".join(f"{column} = EXCLUDED.{column}" for column in others)
        # A row that already holds the record is left alone: a rebuild of unchanged content rewrites nothing
        # (and on SQLite neither does the full-text index, whose triggers an update fires).
        distinct = "IS NOT" if connection.vendor == "sqlite" else "IS DISTINCT FROM"  # SQLite's before 3.39
        changed = (
            f"({', '.join(f'{table}.{column}' for column in others)}) {distinct} "
            f"({', '.join(f'EXCLUDED.{column}' for column in others)})"
        )
        row = f"({', '.join(['%s'] * len(columns))})"
        # Names from the model, values as parameters.
        statement = (
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES {{rows}} "  # noqa: S608
            f"ON CONFLICT ({quote('key')}) DO UPDATE SET {overwritten} WHERE {changed}"
        )
        rows = []
        for key, record in dict(pairs).items():  # a key twice in one statement is an error on PostgreSQL
            values = {**record, "key": key, **self.model.derived(record["text"])}
            rows.append([field.get_db_prep_save(values[field.attname], connection) for field in fields])
        per_statement = max(1, _max_parameters(connection) // len(columns))
        with connection.cursor() as cursor:
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                cursor.execute(statement.format(rows=", ".join([row] * len(chunk))), list(chain.from_iterable(chunk)))


def _max_parameters(connection):
    """How many parameters one statement takes: SQLite says (Django assumes its old default of 999, and a
    full-text index flushes what it holds after every statement), PostgreSQL's protocol allows 65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 65535


class SearchEntry(models.Model):
    """One searchable project, studio, person or challenge, as both engines see it.

    The database engine searches this table; the Elasticsearch engine indexes the same fields.
    `title_terms` and `body_terms` hold the terms prepared by textsearch.analysis, space separated
    with a space at both ends.
    """

    key = models.CharField(max_length=40, unique=True)  # "project:123"
    doc_type = models.CharField(max_length=10, choices=DocumentType.choices)
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    context_terms = models.TextField(blank=True)  # words shown from related objects: count for less
    text = models.TextField(blank=True)  # normalized plain text, for the character fallback
    characters = models.TextField(blank=True)  # the text, a space between characters (search.fulltext)
    suggest_keys = models.CharField(max_length=255, blank=True)  # " wangjianguo wjg ": pinyin for suggestions
    # A digest of the texts the analysed columns (search.records.ANALYSED: the terms, text and suggest keys) came
    # from and of the analysis: the next record of the same texts takes them from here instead of segmenting.
    analysed_from = models.CharField(max_length=32, blank=True)
    skills = models.TextField(blank=True)  # "|a|b|": a facet, and for recommendations
    honors = models.TextField(blank=True)  # "|slug|slug|": honors and titles (people)
    projects = models.TextField(blank=True)  # "|title|title|": projects a person worked on
    # Facets (slugs or choice values; empty when they do not apply to the type)
    province = models.CharField(max_length=80, blank=True)
    region = models.CharField(max_length=80, blank=True)
    industry = models.CharField(max_length=80, blank=True)
    enterprise = models.CharField(max_length=80, blank=True)
    category = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)
    studio_type = models.CharField(max_length=20, blank=True)
    level = models.CharField(max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Sorting and filtering
    date = models.DateField(null=True, blank=True)
    benefit = models.FloatField(null=True, blank=True)
    open_to_collaboration = models.BooleanField(default=False)
    adoptions = models.PositiveIntegerField(default=0)  # enterprises that confirmed using a project

    class Meta:
        verbose_name = _("搜索条目")
        # (title, suggest_keys): all that the suggestions' condition reads (engines.suggestion_entries).
        indexes = [models.Index(fields=["doc_type", "object_id"]), models.Index(fields=["title", "suggest_keys"])]

    def __str__(self):
        return self.key

    objects = SearchEntryManager()

    def save(self, *args, **kwargs):
        for name, value in self.derived(self.text).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)

    @staticmethod
    def derived(text):
        """The columns filled from the record's text, never by the record."""
        return {"characters": spaced_characters(text)}


class PendingIndexUpdateQuerySet(models.QuerySet):
    def waiting(self):
        """Updates to apply when the cluster is back."""
        return self.filter(rejected_at__isnull=True)

    def dead_letters(self):
        """Documents the cluster refused (a 4xx): kept with the reason, never retried blindly."""
        return self.filter(rejected_at__isnull=False)


class PendingIndexUpdate(models.Model):
    """An Elasticsearch update that could not be applied yet (the cluster was unreachable), or that
    the cluster refused (a dead letter: `rejected_at` and the reason in `last_error`).

    Kept in the database so that nothing is lost; waiting updates are applied by the next successful
    update or by `manage.py search_index retry`; a dead letter never holds back the updates after it.
    One row per object: the latest action wins (a new edit of a refused object tries again).
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", _("更新")
        DELETE = "delete", _("删除")

    key = models.CharField(max_length=40, unique=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    rejected_at = models.DateTimeField(_("被拒绝时间"), null=True, blank=True)

    objects = PendingIndexUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("待同步的索引更新")
        verbose_name_plural = _("待同步的索引更新")

    def __str__(self):
        return f"{self.action} {self.key}"


class IndexChange(models.Model):
    """When the record behind a search key last changed. A rebuild replays what changed after it
    started into the new index before its alias moves, so no edit made meanwhile is lost."""

    key = models.CharField(max_length=40, unique=True)
    changed_at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.key} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"


class VocabularyEntry(models.Model):
    """Common to the admin-managed dictionary words and synonym rules."""

    base_form_class = ConflictCheckedModelForm  # refuses saving over a newer change (core.admin_forms)

    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @classmethod
    def version(cls):
        """Changes whenever a row is added, edited or deleted (checked by every process)."""
        latest = cls.objects.aggregate(count=models.Count("pk"), latest=models.Max("updated_at"))
        return (latest["count"], latest["latest"])


class DictionaryWord(VocabularyEntry):
    """A word jieba should keep whole (a new piece of equipment, a studio's own term).

    New words change how texts are cut into words: documents indexed earlier are re-cut by the next
    `search_index rebuild` (until then the character fallback still finds them)."""

    word = models.CharField(
        _("词条"), max_length=30, unique=True, help_text=_("一个完整的词，例如“智能巡检机器人”。不含空格和标点。")
    )

    class Meta:
        ordering = ["word"]
        verbose_name = _("自定义词条")
        verbose_name_plural = _("自定义词条")

    def __str__(self):
        return self.word

    def clean(self):
        word = normalize(self.word)
        if not word or " " in word:
            raise ValidationError({"word": _("词条必须是一个完整的词，不能含空格或标点。")})
        self.word = word


class SynonymRule(VocabularyEntry):
    """A synonym rule in the same format as dictionary/synonyms.txt; applied at query time."""

    rule = models.CharField(
        _("规则"),
        max_length=300,
        help_text=_("“空压机, 空气压缩机”表示互为同义词；“五小 => 小发明, 小创造”表示搜前者也能找到后者。"),
    )
    enabled = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["rule"]
        verbose_name = _("同义词规则")
        verbose_name_plural = _("同义词规则")

    def __str__(self):
        return self.rule

    def clean(self):
        try:
            parse_synonyms([self.rule])
        except ValueError:
            raise ValidationError(
                {"rule": _("规则格式不正确：用逗号分隔同义词，或用“=>”表示单向扩展，至少包含两个词。")}
            ) from None


class QueryOutcome(models.Model):
    """How often a query was searched on one day, and how often it found nothing or only partial
    matches: what the 搜索词报告 shows reviewers. The normalised query only — never who searched."""

    query_string = models.CharField(_("检索词"), max_length=MAX_LOGGED_QUERY)
    date = models.DateField(_("日期"))
    searches = models.PositiveIntegerField(_("检索次数"), default=0)
    zero_results = models.PositiveIntegerField(_("无结果次数"), default=0)
    partial_only = models.PositiveIntegerField(_("仅部分匹配次数"), default=0)

    class Meta:
        verbose_name = _("检索词统计")
        verbose_name_plural = _("检索词统计")
        constraints = [models.UniqueConstraint(fields=["query_string", "date"], name="unique_query_per_day")]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.query_string} @ {self.date}"
