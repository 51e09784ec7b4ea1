from django.db import migrations, models

from search import fulltext


def fill_characters(apps, schema_editor):
    SearchEntry = apps.get_model("alliance_search", "SearchEntry")
    batch = []
    for entry in SearchEntry.objects.only("pk", "text").iterator(chunk_size=2000):
        entry.characters = fulltext.spaced_characters(entry.text)
        batch.append(entry)
        if len(batch) == 2000:
            SearchEntry.objects.bulk_update(batch, ["characters"])
            batch = []
    SearchEntry.objects.bulk_update(batch, ["characters"])


def install(apps, schema_editor):
    fulltext.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    fulltext.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("alliance_search", "0005_query_outcome"),
    ]

    operations = [
        migrations.AddField(model_name="searchentry", name="characters", field=models.TextField(blank=True)),
        migrations.RunPython(fill_characters, migrations.RunPython.noop),
        migrations.RunPython(install, uninstall),
    ]
