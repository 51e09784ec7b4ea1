"""Demo pages built in bulk look like pages published in the admin: a first revision, a history entry,
an "updated" date and the usage of what they reference."""

import pytest

from wagtail.models import Page, PageLogEntry, ReferenceIndex

from projects.models import ProjectDocument, ProjectPage, ProjectTeamMember

pytestmark = pytest.mark.django_db


def test_every_demo_page_has_a_first_revision_holding_its_content():
    pages = Page.objects.filter(depth__gt=1).specific()
    assert pages
    for page in pages:
        assert page.latest_revision_id, page.url_path
        assert page.latest_revision_created_at, page.url_path
        if page.live and not page.has_unpublished_changes:
            assert page.live_revision_id == page.latest_revision_id, page.url_path
            assert page.latest_revision.as_object().title == page.title, page.url_path


def test_every_demo_page_has_a_history_entry_the_admin_shows(admin_client):
    without = Page.objects.filter(depth__gt=1).exclude(pk__in=PageLogEntry.objects.values("page_id"))
    assert not without.exists(), list(without.values_list("url_path", flat=True)[:5])
    project = ProjectPage.objects.live().order_by("pk").first()
    response = admin_client.get(f"/admin/pages/{project.pk}/history/")
    assert response.status_code == 200
    assert [entry.action for entry in response.context["object_list"]] == ["wagtail.publish"]
    assert "发布版本" in response.content.decode()  # the entry, marked as the live version


def test_documents_and_people_count_the_demo_pages_that_use_them(admin_client):
    for document_id in ProjectDocument.objects.values_list("document_id", flat=True).distinct():
        users = set(ProjectDocument.objects.filter(document_id=document_id).values_list("page_id", flat=True))
        response = admin_client.get(f"/admin/documents/usage/{document_id}/")
        assert response.status_code == 200
        listed = {int(ref.object_id) for ref in ReferenceIndex.get_references_to(_document(document_id))}
        assert users <= listed
        assert f"/admin/pages/{min(users)}/edit/" in response.content.decode()
    member = ProjectTeamMember.objects.order_by("pk").first()
    response = admin_client.get(f"/admin/snippets/studios/person/usage/{member.person_id}/")
    assert f"/admin/pages/{member.page_id}/edit/" in response.content.decode()


def _document(pk):
    from wagtail.documents import get_document_model

    return get_document_model().objects.get(pk=pk)
