"""Editors run live coverage; Writers add (and change their own) entries to live
articles they are bylined on (the admin limits which: liveblog/admin.py)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Editors": [f"{action}_{model}" for model in ("livecoverage", "liveentry")
                for action in ("add", "change", "delete", "view")],
    "Writers": ["add_liveentry", "change_liveentry", "view_liveentry", "view_livecoverage"],
}


def _permissions(apps, codenames):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="liveblog", codename__in=codenames)


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group:
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("liveblog", "0001_live_coverage_and_entries"),
        ("comments", "0008_merge_editors_moderate_and_word_matching"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
