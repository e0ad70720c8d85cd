"""The default status vocabulary: the four the seed bulletin uses, in the order it states them."""

from django.db import migrations

DEFAULTS = [
    # code, label, order, colour, is_done, is_on_track
    ("completed", "已完成", 1, "#2E7D32", True, True),
    ("on_track", "有序推进", 2, "#1565C0", False, True),
    ("serious", "存在突出问题", 3, "#C62828", False, False),
    ("needs_effort", "需要加大力度", 4, "#E65100", False, False),
]


def create(apps, schema_editor):
    Status = apps.get_model("review", "Status")
    for code, label, order, colour, is_done, is_on_track in DEFAULTS:
        Status.objects.get_or_create(
            code=code,
            defaults=dict(
                label=label, order=order, colour=colour, is_done=is_done, is_on_track=is_on_track
            ),
        )


def remove(apps, schema_editor):
    apps.get_model("review", "Status").objects.filter(code__in=[d[0] for d in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("review", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
