"""数据导入 in the admin: upload a spreadsheet, see what each row would do, confirm — or read every problem.

The uploaded file waits in private storage between the preview and the confirmation, under a token kept
in the uploader's session; confirming plans it again (the site may have changed meanwhile) and writes it
all or nothing, like `manage.py import_data` (reading it a batch at a time: a file of any size needs the
same memory). Reviewers and platform admins import; they publish anyway.
"""

import datetime as dt
import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.spreadsheets import XLSX_TYPE, SpreadsheetError, attachment, open_sheet
from core.storage import private_storage
from exchange.blank_forms import template_workbook
from exchange.importers import IMPORTERS, ImportRefused, importer_for
from exchange.tasks import import_in_background
from review.roles import sees_everything

SESSION_KEY = "exchange_uploads"
UPLOAD_FOLDER = "imports"
STALE_AFTER = dt.timedelta(days=1)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
IN_REQUEST_ROWS = 2000  # a larger file is written by the task worker (well within a web request's timeout)
EXTENSIONS = (".xlsx", ".csv")


class UploadForm(forms.Form):
    type = forms.ChoiceField(
        label=gettext_lazy("数据类型"),
        required=False,
        choices=[("", gettext_lazy("按列名自动判断")), *((key, i.label) for key, i in IMPORTERS.items())],
    )
    file = forms.FileField(label=gettext_lazy("文件"), help_text=gettext_lazy("XLSX，或 UTF-8 / GB18030 编码的 CSV"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("只接受 .xlsx 或 .csv 文件"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过 20 MB，请分成几个文件导入，或用命令 import_data"))
        return upload


def remove_stale_uploads():
    """Files uploaded for a preview that nobody confirmed or cancelled go after a day."""
    storage = private_storage()
    if not storage.exists(UPLOAD_FOLDER):
        return
    cutoff = timezone.now() - STALE_AFTER
    for name in storage.listdir(UPLOAD_FOLDER)[1]:
        if storage.get_modified_time(f"{UPLOAD_FOLDER}/{name}") < cutoff:
            storage.delete(f"{UPLOAD_FOLDER}/{name}")


def require_importer(user):
    if not sees_everything(user):
        raise PermissionDenied


class ImportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "components/admin/import.html"
    page_title = gettext_lazy("数据导入")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        require_importer(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", UploadForm())
        return super().get_context_data(importers=IMPORTERS.values(), **kwargs)

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request, request.POST["token"])
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        remove_stale_uploads()
        stored = private_storage().save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", upload)
        token = uuid.uuid4().hex
        uploads = request.session.get(SESSION_KEY, {})
        uploads[token] = {"stored": stored, "type": form.cleaned_data["type"], "name": upload.name}
        request.session[SESSION_KEY] = uploads
        plan, error = self.plan(uploads[token])
        if error:
            self.forget(request, token)
            form.add_error("file", error)
            return self.render_to_response(self.get_context_data(form=form))
        if not plan.ok:
            self.forget(request, token)
        return self.render_to_response(self.get_context_data(plan=plan, token=token, name=upload.name))

    def plan(self, upload):
        try:
            sheet = open_sheet(private_storage().path(upload["stored"]))
            importer = importer_for(upload["type"], sheet.headers)(user=self.request.user)
            return importer.plan(sheet), None
        except (SpreadsheetError, ValueError, ImportRefused) as error:
            return None, str(error)

    def confirm(self, request, token):
        upload = request.session.get(SESSION_KEY, {}).get(token)
        if upload is None:
            messages.error(request, _("这次上传已经导入或已失效，请重新上传文件。"))
            return redirect("data_import")
        try:
            sheet = open_sheet(private_storage().path(upload["stored"]))
            if sheet.size > IN_REQUEST_ROWS:
                return self.import_in_background(request, token)
            plan = importer_for(upload["type"], sheet.headers)(user=request.user).apply(sheet)
        except (SpreadsheetError, ValueError) as error:
            messages.error(request, str(error))
            return redirect("data_import")
        except ImportRefused as refused:  # the site changed since the preview: every problem, nothing written
            if refused.plan is None:
                messages.error(request, str(refused))
                return redirect("data_import")
            return self.render_to_response(self.get_context_data(plan=refused.plan, name=upload["name"]))
        finally:
            self.forget(request, token)
        counts = plan.counts()
        messages.success(
            request,
            _("“%(name)s”已导入：新增 %(new)s 条，修改 %(changed)s 条，不变 %(unchanged)s 条。")
            % {"name": upload["name"], **counts},
        )
        return redirect("data_import")

    def import_in_background(self, request, token):
        """A file too long to write within a web request goes to the task worker, which reports under 通知."""
        uploads = request.session.get(SESSION_KEY, {})
        upload = uploads.pop(token)
        request.session[SESSION_KEY] = uploads  # the task deletes the file when it is done
        import_in_background.enqueue(upload["stored"], upload["type"], upload["name"], request.user.pk)
        messages.success(
            request, _("“%(name)s”正在后台导入，完成后会在“通知”中告诉您结果。") % {"name": upload["name"]}
        )
        return redirect("data_import")

    def forget(self, request, token):
        uploads = request.session.get(SESSION_KEY, {})
        upload = uploads.pop(token, None)
        request.session[SESSION_KEY] = uploads
        if upload is not None:
            private_storage().delete(upload["stored"])


def download_template(request, type_name):
    require_importer(request.user)
    importer = IMPORTERS.get(type_name)
    if importer is None:
        raise Http404
    response = HttpResponse(template_workbook(importer), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(f"{importer.label}导入模板.xlsx")
    return response
