"""The front page as it was before curation (a lead, three top stories, a block per
section), now as zones editors can change; and the right for Editors to change them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    ("frontpage", f"{action}_{model}")
    for model in ("zone", "slot") for action in ("add", "change", "delete", "view")
] + [("frontpage", "view_relatedstory")]


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in EDITOR_PERMISSIONS]


def forwards(apps, schema_editor):
    Zone = apps.get_model("frontpage", "Zone")
    Zone.objects.get_or_create(kind="lead", defaults={"size": 1, "position": 0})
    Zone.objects.get_or_create(kind="top", defaults={"size": 3, "position": 1})
    editors, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps))


def backwards(apps, schema_editor):
    apps.get_model("frontpage", "Zone").objects.filter(kind__in=["lead", "top"]).delete()
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("frontpage", "0001_zones_slots_related_stories"),
        ("comments", "0002_create_newsroom_roles"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
