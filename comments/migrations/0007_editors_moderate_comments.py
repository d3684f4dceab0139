"""Let Editors moderate too: approve, mark as spam and remove comments (and so see the
commenter's email, as moderators do). They already keep the word list."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _permission(apps):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    return apps.get_model("auth", "Permission").objects.get(
        content_type__app_label="comments", codename="change_comment"
    )


def grant(apps, schema_editor):
    editors, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Editors")
    editors.permissions.add(_permission(apps))


def revoke(apps, schema_editor):
    for editors in apps.get_model("auth", "Group").objects.filter(name="Editors"):
        editors.permissions.remove(_permission(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0006_comment_counts"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
