"""Nobody reaches what isn't theirs in the admin, proven over every admin URL the project registers.

Studio B gets private things whose texts are unique markers: a draft project, a collaboration
request, a 揭榜 response, a document and an image in its collection. As studio A's lead and as an
editor of studio A, every admin URL pattern (read from the URL resolver, so new views are covered
without editing this test) is requested with each of B's ids — and the listings and searches with
B's marker as the query. No response may show a marker, the project's own views must refuse B's
rows, and POSTs to every object URL with B's ids must leave B's things as they were.
"""

import re

import pytest

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from wagtail.documents import get_document_model

from challenges.models import ChallengePage, ChallengeResponse
from collaboration.models import CollaborationRequest
from images.models import CustomImage
from projects.models import ProjectPage
from review.roles import STUDIO_MEMBERS, role_group
from studios.models import StudioPage
from tests.test_validation import png_bytes

pytestmark = pytest.mark.django_db

MARK = "乙方私密"
SEARCH = "私密"  # what the searches ask for: a word of the marker, so that an echoed query is no leak
# URLs that end the session, need a different kind of request, or fail on purpose (Wagtail's failwhale).
SKIP = re.compile(r"logout|^admin/login/|password_reset/confirm|failwhale")
OWN_NAMESPACES = ("collaboration_requests", "challenge_responses")
REFUSED = {302, 400, 403, 404, 405}


def admin_patterns():
    """(route, pattern name) of every admin URL, with its converters in order."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if pattern.namespace and namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name

    return [(route, name) for route, name in walk(get_resolver().url_patterns, "", "") if route.startswith("admin/")]


ARG = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def fill(route, value):
    """The route with every argument set to `value` (None if it takes no argument)."""
    if not ARG.search(route):
        return None
    path = ARG.sub(str(value), route)
    return "/" + path.replace("^", "").replace("$", "")


@pytest.fixture
def studio_b_private(demo, django_user_model):
    """Studio B's private things, each showing the marker; returns (studio A, studio B, ids, markers)."""
    studio_a, studio_b = StudioPage.objects.live().exclude(lead=None).order_by("pk")[:2]
    assert studio_a.lead_id != studio_b.lead_id
    draft = ProjectPage(
        title=f"{MARK}草稿成果",
        slug="b-private-draft",
        category="invention",
        status="idea",
        start_date="2025-01-01",
        summary=f"{MARK}摘要",
        problem=f"<p>{MARK}难点</p>",
        solution="<p>方案</p>",
        live=False,
    )
    studio_b.add_child(instance=draft)
    draft.save_revision()
    request = CollaborationRequest.objects.create(
        studio=studio_b,
        name=f"{MARK}申请人",
        organisation=f"{MARK}单位",
        contact="b-private@example.com",
        topic=CollaborationRequest._meta.get_field("topic").choices[0][0],
        message=f"{MARK}留言",
    )
    challenge = ChallengePage.objects.live().first()
    ChallengeResponse.objects.filter(challenge=challenge, studio=studio_b).delete()
    response = ChallengeResponse.objects.create(challenge=challenge, studio=studio_b, plan=f"{MARK}攻关思路")
    document = get_document_model().objects.create(
        title=f"{MARK}文件", file=ContentFile(b"secret", name="b-private.txt"), collection=studio_b.collection
    )
    image = CustomImage.objects.create(
        title=f"{MARK}图片",
        file=ContentFile(png_bytes((8, 8)), name="b-private.png"),
        collection=studio_b.collection,
        width=8,
        height=8,
    )
    ids = sorted({studio_b.pk, draft.pk, request.pk, response.pk, document.pk, image.pk, studio_b.collection_id})
    markers = [MARK, "b-private@example.com", "b-private.txt", "b-private.png"]
    return studio_a, studio_b, ids, markers, {"draft": draft, "request": request, "response": response}


def users_of_studio_a(django_user_model, studio_a):
    lead = django_user_model.objects.create_user("lead-a", "lead-a@example.com", "pw", person=studio_a.lead)
    editor = django_user_model.objects.create_user("editor-a", "editor-a@example.com", "pw")
    editor.groups.add(studio_a.editors, role_group(STUDIO_MEMBERS))
    return {"lead": lead, "editor": editor}


@pytest.mark.parametrize("who", ["lead", "editor"])
def test_no_admin_url_shows_or_changes_another_studios_things(client, django_user_model, studio_b_private, who):
    studio_a, _studio_b, ids, markers, private = studio_b_private
    client.force_login(users_of_studio_a(django_user_model, studio_a)[who])
    client.raise_request_exception = False  # a server error is recorded with its URL, not raised
    patterns = [(route, name) for route, name in admin_patterns() if not SKIP.search(route)]
    assert len(patterns) > 200, "the admin URL patterns were not found"
    leaks, not_refused, tried = [], [], 0

    errors = []

    def check(url, response, name):
        if response.status_code >= 500:
            errors.append((url, response.status_code))
        body = response.content.decode("utf-8", "replace") if response.status_code == 200 else ""
        for marker in markers:
            if marker in body:
                leaks.append((url, name, marker))

    for route, name in patterns:
        if fill(route, 1) is None:
            for query in ("", f"?q={SEARCH}", f"?search={SEARCH}"):
                url = "/" + route.replace("^", "").replace("$", "") + query
                response = client.get(url)
                tried += 1
                check(url, response, name)
            continue
        for value in ids:
            url = fill(route, value)
            response = client.get(url)
            tried += 1
            check(url, response, name)
            own_view = (name or "").split(":")[0] in OWN_NAMESPACES
            if own_view and value in (private["request"].pk, private["response"].pk):
                target = CollaborationRequest if name.startswith("collaboration") else ChallengeResponse
                if target.objects.filter(pk=value, studio=_studio_b).exists() and response.status_code not in REFUSED:
                    not_refused.append((url, response.status_code))
    assert tried > 1000
    assert not leaks, f"another studio's things shown: {leaks[:20]}"
    assert not not_refused, f"another studio's rows not refused: {not_refused[:20]}"

    # Writes: every object URL posted with each of B's ids leaves B's things as they were.
    for route, name in patterns:
        for value in ids:
            url = fill(route, value)
            if url:
                response = client.post(
                    url, {"plan": "被改写", "status": "closed", "reply_note": "被改写", "title": "被改写"}
                )
                check(url, response, name)
    assert not errors, f"server errors: {errors[:20]}"
    private["request"].refresh_from_db()
    private["response"].refresh_from_db()
    assert private["request"].reply_note == "" and private["request"].status == "new"
    assert private["response"].plan == f"{MARK}攻关思路"
    draft = ProjectPage.objects.get(pk=private["draft"].pk)
    assert draft.title == f"{MARK}草稿成果" and not draft.live
    assert client.get("/admin/").status_code == 200  # still logged in: the checks above meant something
