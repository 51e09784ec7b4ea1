from django.db import migrations, models
from django.db.models import Count


def renumber_repeated_codes(apps, schema_editor):
    """Before the database holds result codes unique, a code that several rows share stays on its first row;
    the others get the code with their row number appended (kept, not blanked: an editor can see what it was)."""
    CompetitionResult = apps.get_model("competitions", "CompetitionResult")
    rows = CompetitionResult.objects.exclude(code="")
    repeated = rows.values("code").annotate(n=Count("pk")).filter(n__gt=1).values_list("code", flat=True)
    taken = set(rows.values_list("code", flat=True))
    kept = set()
    for row in rows.filter(code__in=list(repeated)).order_by("code", "pk"):
        if row.code not in kept:
            kept.add(row.code)  # the first row keeps its code
            continue
        suffix, number = f"-{row.pk}", 1
        code = row.code[: 40 - len(suffix)] + suffix
        while code in taken:
            number += 1
            suffix = f"-{row.pk}-{number}"
            code = row.code[: 40 - len(suffix)] + suffix
        taken.add(code)
        CompetitionResult.objects.filter(pk=row.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("competitions", "0001_initial"),
        ("studios", "0005_alliance_life"),
    ]

    operations = [
        migrations.RunPython(renumber_repeated_codes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="competitionresult",
            constraint=models.UniqueConstraint(
                condition=models.Q(("code", ""), _negated=True),
                fields=("code",),
                name="competitions_competitionresult_unique_code",
                violation_error_message="成绩编号已被其他成绩占用",
            ),
        ),
    ]
