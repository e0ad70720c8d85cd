from django.db import migrations

from ducha.search import index_sql


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = []
    if vendor == "sqlite":
        for indexed in index_sql.INDEXED:
            statements += index_sql.sqlite_create(indexed)
    elif vendor == "postgresql":
        statements += ["CREATE EXTENSION IF NOT EXISTS pg_trgm", index_sql.GRAMS_FUNCTION]
        for indexed in index_sql.INDEXED:
            statements += index_sql.postgres_create(indexed)
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for indexed in index_sql.INDEXED:
        statements = (
            index_sql.sqlite_drop(indexed) if vendor == "sqlite" else index_sql.postgres_drop(indexed)
        )
        for statement in statements:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0005_add_work_item_alias"),
        ("progress", "0002_submission_time_label"),
    ]
    operations = [migrations.RunPython(create, drop)]
