"""Let Editors keep the static pages (About, Contact, Privacy...)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    ("pages", "add_page"),
    ("pages", "change_page"),
    ("pages", "delete_page"),
    ("pages", "view_page"),
]


def _permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in EDITOR_PERMISSIONS
    ]


def grant(apps, schema_editor):
    editors, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    editors.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    editors = apps.get_model("auth", "Group").objects.filter(name="Editors").first()
    if editors:
        editors.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("comments", "0002_create_newsroom_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
