"""Writing many rows the way saving them one by one would, in a few statements per batch.

Saving a page through Wagtail runs each save's side effects (a revision, a history entry, the reference
index, Wagtail's search index) one object at a time: a few hundred queries a page. The demo generator and
the spreadsheet import write thousands, so they insert rows in bulk and then leave behind, a batch at a
time, what the admin would have: `insert_pages` (tree paths computed here), `record_revisions` (the
revision, the log entries, the page's revision fields), `index_references`, `index_for_wagtail_search`,
`set_relations` and `set_tags` (what modelcluster writes on save). Bulk writes send no signals: callers
update the site's own search index and page cache themselves, once.
"""

import uuid
from collections import defaultdict
from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, CharField, F, Max, OuterRef, Q, Subquery, When
from django.db.models.functions import Cast
from django.utils import timezone

from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from core.text import SlugAllocator


def with_children(queryset):
    """The queryset with its model's child relations (inline panels, tags) prefetched, one query each."""
    return queryset.prefetch_related(*(r.get_accessor_name() for r in get_all_child_relations(queryset.model)))


def next_child_step(parent):
    """The treebeard step of the next child added under `parent` (a page, a collection …)."""
    tree = Page if isinstance(parent, Page) else type(parent)
    last = tree.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).aggregate(m=Max("path"))["m"]
    return tree._str2int(last[-tree.steplen :]) + 1 if last else 1


def append_children(parent, nodes):
    """Insert unsaved treebeard nodes as the last children of `parent`, in one statement. For a tree kept
    in an order (node_order_by), call order_children(parent) once all are in: adding them one by one in
    order would move every later sibling each time."""
    tree = type(parent)
    step = next_child_step(parent)
    for node in nodes:
        node.path = tree._get_path(parent.path, parent.depth + 1, step)
        node.depth, node.numchild = parent.depth + 1, 0
        step += 1
    tree.objects.bulk_create(nodes)
    if nodes and nodes[0].pk is None:  # databases that do not return ids from bulk inserts
        ids = dict(tree.objects.filter(path__in=[node.path for node in nodes]).values_list("path", "pk"))
        for node in nodes:
            node.pk = ids[node.path]
    tree.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(nodes))


def order_children(parent):
    """Put the children of `parent` back in the tree's node_order_by, in one pass."""
    type(parent).fix_tree(fix_paths=True, parent=parent)


PARENTS_PER_QUERY = 200


def place_new_pages(pages_by_parent):
    """Give unsaved pages their place under their parent ({parent: [pages]}): path, depth, url_path, locale,
    a slug no sibling has (from the title's pinyin, unless set), a translation key. Each parent counts them
    as children. The children the parents have are read in one query per PARENTS_PER_QUERY parents (an
    import's batch may add projects to hundreds of studios)."""
    siblings = defaultdict(list)  # a parent's path → [(path, slug)] of its children
    parents = list(pages_by_parent)
    for start in range(0, len(parents), PARENTS_PER_QUERY):
        chunk = parents[start : start + PARENTS_PER_QUERY]
        children = reduce(or_, (Q(path__startswith=parent.path, depth=parent.depth + 1) for parent in chunk))
        for path, slug in Page.objects.filter(children).values_list("path", "slug"):
            siblings[path[: -Page.steplen]].append((path, slug))
    for parent, pages in pages_by_parent.items():
        _place_under(parent, pages, siblings[parent.path])


def _place_under(parent, pages, siblings):
    last = max((path for path, _slug in siblings), default=None)
    step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1
    content_type = ContentType.objects.get_for_model(type(pages[0]))
    slugs = SlugAllocator(existing={slug for _path, slug in siblings}, fallback=content_type.model)
    fresh = iter(slugs.allocate_all([page.title for page in pages if not page.slug]))
    for page in pages:
        page.slug = page.slug or next(fresh)
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.draft_title = page.title
        page.translation_key = page.translation_key or uuid.uuid4()
        step += 1
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def insert_pages(pages):
    """Insert new pages of one specific type whose place is set (see place_new_pages)."""
    # Django cannot bulk_create a multi-table child: insert the Page rows, then the specific rows
    # pointing at them, with the same machinery bulk_create uses.
    model = type(pages[0])
    base_pages = Page.objects.bulk_create(
        [
            Page(**{f.attname: getattr(p, f.attname) for f in Page._meta.concrete_fields if f.attname != "id"})
            for p in pages
        ]
    )
    if base_pages[0].pk is None:  # databases that do not return ids from bulk inserts
        paths = {p.path: p.pk for p in Page.objects.filter(path__in=[p.path for p in pages])}
        for page in base_pages:
            page.pk = paths[page.path]
    for page, base in zip(pages, base_pages, strict=True):
        page.id = page.page_ptr_id = base.pk
        page._state.adding = False
    model._base_manager._insert(pages, fields=list(model._meta.local_concrete_fields), using=model.objects.db)


def record_revisions(pages, *, user=None, created_at=None, actions=lambda page: ["wagtail.publish"]):
    """A revision holding each page's content, set as its latest (and live one if the page is live), with
    the log entries `actions(page)` names ("wagtail.create", "wagtail.edit", "wagtail.publish").

    `created_at` defaults to each page's last publication (or now). Prefetch the child relations
    (with_children) or each page's are read on their own."""
    page_type = ContentType.objects.get_for_model(Page)
    now = timezone.now()
    revisions = [
        Revision(
            content_type_id=page.content_type_id,
            base_content_type=page_type,
            object_id=str(page.pk),
            created_at=created_at or page.last_published_at or now,
            user=user,
            content=page.serializable_data(),
            object_str=str(page),
        )
        for page in pages
    ]
    Revision.objects.bulk_create(revisions)
    if revisions and revisions[0].pk is None:  # databases that return no ids from bulk inserts
        by_object = dict(
            Revision.objects.filter(
                base_content_type=page_type, object_id__in=[r.object_id for r in revisions]
            ).values_list("object_id", "pk")
        )
        for revision in revisions:
            revision.pk = by_object[revision.object_id]
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = revision
        page.latest_revision_created_at = revision.created_at
        if page.live:
            page.live_revision = revision
    # One UPDATE with a correlated subquery per column: bulk_update's CASE over every row of the batch
    # costs quadratic time on SQLite. The newest revision of each page is the one just recorded.
    newest = Revision.objects.filter(base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())).order_by(
        "-pk"
    )
    newest_pk = Subquery(newest.values("pk")[:1])
    Page.objects.filter(pk__in=[page.pk for page in pages]).update(
        latest_revision_id=newest_pk,
        latest_revision_created_at=Subquery(newest.values("created_at")[:1]),
        live_revision_id=Case(When(live=True, then=newest_pk), default=F("live_revision_id")),
    )
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type_id=page.content_type_id,
            page_id=page.pk,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=revision.created_at,
            uuid=uuid.uuid4(),
            user=user,
            revision=revision,
            content_changed=True,
        )
        for page, revision in zip(pages, revisions, strict=True)
        for action in actions(page)
    )


def index_references(objects, *, replace=False):
    """What ReferenceIndex.create_or_update_for_object does, for objects of one model in one insert.

    `replace` drops the references recorded before (objects that existed); without it rows already
    there (say, recorded by Wagtail's signal) are skipped by the index's unique constraint."""
    if not objects or not ReferenceIndex.is_indexed(type(objects[0])):
        return
    model = type(objects[0])
    # The model's own content type and its furthest ancestor's, as Wagtail records them.
    lineage = [
        ContentType.objects.get_for_model(m, for_concrete_model=False) for m in [model, *model._meta.get_parent_list()]
    ]
    content_type, base_content_type = lineage[0], lineage[-1]
    if replace:
        ReferenceIndex.objects.filter(
            base_content_type=base_content_type, object_id__in=[str(obj.pk) for obj in objects]
        ).delete()
    rows = []
    for obj in objects:
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(obj)
        ):
            rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=obj.pk,
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, ignore_conflicts=connection.features.supports_ignore_conflicts)


def index_for_wagtail_search(model, objects):
    """Add or update these objects in Wagtail's own search index (the admin's search), read again the way
    the index reads its model (its related fields, such as tags, fetched in one query each)."""
    if objects:
        indexed = list(model.get_indexed_objects().filter(pk__in=[obj.pk for obj in objects]))
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(model, indexed)


def set_relations(objects, name, values):
    """Make each object's many-to-many field `name` hold values[i] (what modelcluster writes on save)."""
    field = type(objects[0])._meta.get_field(name)
    through = field.remote_field.through
    source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    through.objects.filter(**{f"{source}__in": [obj.pk for obj in objects]}).delete()
    through.objects.bulk_create(
        through(**{source: obj.pk, target: related.pk})
        for obj, related_objects in zip(objects, values, strict=True)
        for related in related_objects
    )


def set_tags(objects, name, names):
    """Make each object's tags (a ClusterTaggableManager `name`) the tag names in names[i]; tags not
    known yet are created, with a pinyin slug no other tag has. Each object's tagged items are set on it
    in memory as saved (for its revision's content and its references)."""
    through = type(objects[0])._meta.get_field(name).through
    wanted = {tag for tags in names for tag in tags}
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=wanted)}
    missing = sorted(wanted - set(tags))
    if missing:
        slugs = SlugAllocator(Tag.objects.all(), max_length=Tag._meta.get_field("slug").max_length, fallback="tag")
        new_slugs = slugs.allocate_all(missing)
        Tag.objects.bulk_create(Tag(name=tag, slug=slug) for tag, slug in zip(missing, new_slugs, strict=True))
        tags.update((tag.name, tag) for tag in Tag.objects.filter(name__in=missing))
    through.objects.filter(content_object_id__in=[obj.pk for obj in objects]).delete()
    through.objects.bulk_create(
        through(content_object_id=obj.pk, tag=tags[tag])
        for obj, tag_names in zip(objects, names, strict=True)
        for tag in tag_names
    )
    items = defaultdict(list)
    for item in through.objects.filter(content_object_id__in=[obj.pk for obj in objects]).order_by("pk"):
        items[item.content_object_id].append(item)
    accessor = through._meta.get_field("content_object").remote_field.get_accessor_name()
    for obj in objects:
        getattr(obj, accessor).set(items[obj.pk])
