from django.db import migrations

from search import fulltext


def install(apps, schema_editor):
    fulltext.install(schema_editor.connection)  # pg_trgm's indexes on PostgreSQL; SQLite has its FTS5 table


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fulltext.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("alliance_search", "0007_adoptions"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
