"""One open application per studio name and enterprise, enforced by the database.

Existing rows get their name key; where two open applications already share one (submitted at the
same moment before this rule), the later keeps its row and a key marked with its id, so nothing
is lost and the reviewer still decides on both."""

import re

from django.db import migrations, models
from django.db.models import Q


def fill_name_keys(apps, schema_editor):
    from textsearch.analysis import normalize

    StudioApplication = apps.get_model("review", "StudioApplication")
    taken = set()
    for application in StudioApplication.objects.order_by("pk"):
        key = re.sub(r"\s+", "", normalize(application.studio_name))[:100]
        if application.status != "rejected":
            if (application.enterprise_id, key) in taken:
                key = f"{key[:80]}#{application.pk}"
            taken.add((application.enterprise_id, key))
        application.name_key = key
        application.save(update_fields=["name_key"])


class Migration(migrations.Migration):
    dependencies = [("review", "0003_private_certificates")]

    operations = [
        migrations.AddField(
            model_name="studioapplication",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="studioapplication",
            constraint=models.UniqueConstraint(
                condition=~Q(status="rejected"),
                fields=("enterprise", "name_key"),
                name="review_one_open_application_per_studio",
            ),
        ),
    ]
