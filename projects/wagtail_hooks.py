"""Who may download a document: everyone once a published page offers it, otherwise only those
who may work with it in the admin."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404

from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from projects.models import ProjectDocument, ProjectPage


def offered_publicly(document):
    """Listed by a published project, or linked from a published page (rich text, choosers: Wagtail's
    reference index), that anyone may view (no privacy setting on it)."""
    if ProjectDocument.objects.filter(document=document, page__in=ProjectPage.objects.live().public()).exists():
        return True
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().public().filter(pk__in=[int(pk) for pk in page_ids]).exists()


@hooks.register("before_serve_document")
def only_documents_offered_publicly_or_ones_own(document, request):
    """A draft's attachment, or one no page uses, is not found (its title stays unknown) except for
    the studio's own people and reviewers."""
    policy = policy_registry.get_by_type(get_document_model())
    if request.user.is_authenticated and policy.user_has_any_permission_for_instance(
        request.user, ["change", "choose"], document
    ):
        return None
    if offered_publicly(document):
        return None
    raise Http404
