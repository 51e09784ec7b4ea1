"""An import too long for a web request: confirmed in the admin, run by the task worker, reported under 通知."""

from django_tasks import task

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.spreadsheets import SpreadsheetError, open_sheet
from core.storage import private_storage
from exchange.importers import ImportRefused, importer_for
from review.models import Notification
from review.notify import notify

PROBLEMS_IN_NOTICE = 20


@task()
def import_in_background(stored, type_name, name, user_pk):
    """Import the uploaded file `stored` (private storage) for the user, then tell them how it went."""
    user = get_user_model().objects.get(pk=user_pk)
    with translation.override("zh-hans"):
        try:
            sheet = open_sheet(private_storage().path(stored))
            plan = importer_for(type_name, sheet.headers)(user=user).apply(sheet)
        except ImportRefused as refused:
            subject, body = _("“%(name)s”未导入") % {"name": name}, problems_text(refused)
        except (SpreadsheetError, ValueError) as error:
            subject, body = _("“%(name)s”未导入") % {"name": name}, str(error)
        else:
            subject = _("“%(name)s”已导入") % {"name": name}
            body = _("新增 %(new)s 条，修改 %(changed)s 条，不变 %(unchanged)s 条。") % plan.counts()
        finally:
            private_storage().delete(stored)
        notify([user], Notification.Kind.IMPORT, subject, body, reverse("data_import"))


def problems_text(refused):
    """The reason nothing was written: the first problems, row by row, and how many more there are."""
    if refused.plan is None:
        return str(refused)
    lines = [_("文件有错误，未导入任何数据：")]
    problems = list(refused.plan.problems())
    for number, column, reason in problems[:PROBLEMS_IN_NOTICE]:
        where = _("第 %(row)s 行") % {"row": number} if number else _("文件")
        lines.append(f"{where}{f'，“{column}”' if column else ''}：{reason}")
    more = len(refused.plan.file_errors) + refused.plan.problem_count - min(len(problems), PROBLEMS_IN_NOTICE)
    if more:
        lines.append(_("另有 %(count)s 处错误。") % {"count": more})
    return "\n".join(lines)
