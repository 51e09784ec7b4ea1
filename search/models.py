from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    PROJECT = "project", _("五小成果")
    STUDIO = "studio", _("工作室")
    PERSON = "person", _("人才")


class SearchEntry(models.Model):
    """One searchable project, studio or person, as both engines see it.

    The database engine searches this table; the Elasticsearch engine indexes the same fields.
    `title_terms` and `body_terms` hold the terms prepared by search.chinese, space separated
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
    skills = models.TextField(blank=True)  # "|"-separated, for recommendations
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

    class Meta:
        verbose_name = _("搜索条目")
        indexes = [models.Index(fields=["doc_type", "object_id"]), models.Index(fields=["title"])]

    def __str__(self):
        return self.key


class PendingIndexUpdate(models.Model):
    """An Elasticsearch update that could not be applied yet (the cluster was unreachable).

    Kept in the database so that nothing is lost; applied by the next successful update or by
    `manage.py search_index retry`. One row per object: the latest action wins.
    """

    class Action(models.TextChoices):
        UPSERT = "upsert", _("更新")
        DELETE = "delete", _("删除")

    key = models.CharField(max_length=40, unique=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    attempts = models.PositiveIntegerField(default=1)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("待同步的索引更新")

    def __str__(self):
        return f"{self.action} {self.key}"
