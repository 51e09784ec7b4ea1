"""申请入驻 → a reviewer accepts → the new lead sets a password, writes a project, submits it → a
reviewer approves → the project is on the site and in search. Tried through the site and the admin."""

import io
import re

import pytest
from PIL import Image as PILImage

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import ProjectPage
from review.models import StudioApplication
from review.roles import review_workflow
from search import service
from search.params import SearchParams
from studios.models import StudioPage
from tests.forms import project_form


def certificate(name="证书.png", kind="PNG"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), "gold").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{kind.lower()}")


def application_data(enterprise, **changes):
    return {
        "enterprise": enterprise.pk,
        "studio_name": "孙建华数控技能大师工作室",
        "studio_type": "skill_master",
        "level": "provincial",
        "lead_name": "孙建华",
        "lead_phone": "13900001111",
        "lead_email": "sunjianhua@example.com",
        "intro": "专注数控机床维修与刀具管理，已完成二十余项五小创新。",
        "certificate": certificate(),
        "website": "",
        **changes,
    }


def test_an_application_is_stored_and_the_reviewers_are_told(client, enterprise, reviewer):
    response = client.post(reverse("studio_apply"), application_data(enterprise))
    assert response.status_code == 302
    application = StudioApplication.objects.get()
    assert application.status == "pending" and application.certificate.name
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    assert "已收到入驻申请" in client.get(response["Location"]).content.decode()


def test_bad_input_is_explained_and_nothing_is_stored(client, enterprise):
    text_file = SimpleUploadedFile("证书.png", b"not an image", content_type="image/png")
    response = client.post(
        reverse("studio_apply"), application_data(enterprise, lead_phone="电话", lead_email="x", certificate=text_file)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写有效的手机号" in page and "有效的 Email 地址" in page and "请上传一张有效的图片" in page
    assert not StudioApplication.objects.exists()


@pytest.mark.parametrize("name", ["孙建华数控技能大师工作室", " 孙建华数控技能大师工作室 ", "孫建華數控技能大師工作室"])
def test_a_second_application_for_the_same_studio_is_refused(client, enterprise, name):
    client.post(reverse("studio_apply"), application_data(enterprise))
    response = client.post(reverse("studio_apply"), application_data(enterprise, studio_name=name))
    assert response.status_code == 200
    assert "请勿重复申请" in response.content.decode()
    assert StudioApplication.objects.count() == 1


def test_a_studio_already_on_the_platform_cannot_apply_again(client, demo):
    studio = demo.studio
    response = client.post(reverse("studio_apply"), application_data(studio.enterprise, studio_name=studio.title))
    assert "请勿重复申请" in response.content.decode()


def test_the_honeypot_stores_nothing(client, enterprise):
    response = client.post(reverse("studio_apply"), application_data(enterprise, website="spam"))
    assert response.status_code == 302 and not StudioApplication.objects.exists()


def review_form(application, **changes):
    return {
        "studio_name": application.studio_name,
        "studio_type": application.studio_type,
        "level": application.level,
        "lead_name": application.lead_name,
        "lead_phone": application.lead_phone,
        "lead_email": application.lead_email,
        "intro": application.intro,
        "status": application.status,
        "review_note": "",
        **changes,
    }


def test_from_application_to_a_published_searchable_project(
    client, enterprise, reviewer, django_user_model, django_capture_on_commit_callbacks
):
    client.post(reverse("studio_apply"), application_data(enterprise))
    application = StudioApplication.objects.get()

    # The reviewer accepts in the admin.
    mail.outbox.clear()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):  # the invitation leaves once the studio is saved
        response = client.post(
            reverse("studio_applications:edit", args=[application.pk]), review_form(application, status="accepted")
        )
    assert response.status_code == 302
    application.refresh_from_db()
    studio = application.studio
    assert application.status == "accepted" and studio and not studio.live
    assert studio.lead.name == "孙建华" and studio.enterprise == enterprise
    lead = django_user_model.objects.get(email="sunjianhua@example.com")
    assert lead.person == studio.lead and not lead.has_usable_password()
    assert studio.editors in lead.groups.all()

    # The invitation: a link to set a password.
    (invitation,) = mail.outbox
    assert invitation.to == [lead.email]
    link = re.search(r"https?://\S+", invitation.body).group(0)
    client.logout()
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    set_password_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(set_password_url, {"new_password1": "Gongjiang-2026!", "new_password2": "Gongjiang-2026!"})
    assert response.status_code == 302
    assert client.login(username=lead.username, password="Gongjiang-2026!")

    # The lead writes a project in their (draft) studio and submits both for review.
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["projects", "projectpage", studio.pk]),
        {
            **project_form(
                title="数控机床刀具寿命在线预警",
                slug="cnc-tool-life",
                category="design",
                summary="按主轴电流预测刀具寿命，提前换刀。",
                problem="<p>刀具磨损后才更换，工件报废。</p>",
                solution="<p>采集主轴电流建立寿命模型。</p>",
                results="<p>废品率下降八成。</p>",
            ),
            "action-submit": "action-submit",
        },
    )
    assert response.status_code == 302
    project = ProjectPage.objects.get(slug="cnc-tool-life")
    assert not project.live and project.current_workflow_state.status == "in_progress"
    studio_page = StudioPage.objects.get(pk=studio.pk)
    review_workflow().start(studio_page, lead)  # the studio page too

    # The reviewer approves both; the project is on the site and in search.
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows on commit
        for page in (studio_page, project):
            state = page.current_workflow_state.current_task_state
            client.post(reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk]), {})
    project.refresh_from_db()
    assert project.live
    client.logout()
    assert client.get(project.url).status_code == 200
    hits = service.search(SearchParams(q="刀具寿命在线预警")).hits
    assert project.title in [hit.title for hit in hits]


def test_rejecting_keeps_the_reason_and_creates_nothing(client, enterprise, reviewer):
    client.post(reverse("studio_apply"), application_data(enterprise))
    application = StudioApplication.objects.get()
    client.force_login(reviewer)
    client.post(
        reverse("studio_applications:edit", args=[application.pk]),
        review_form(application, status="rejected", review_note="证书不清晰，请重新上传"),
    )
    application.refresh_from_db()
    assert application.status == "rejected" and application.studio is None
    assert not StudioPage.objects.filter(title=application.studio_name).exists()
