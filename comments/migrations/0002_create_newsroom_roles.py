"""Create the newsroom's roles as groups: Editors, Writers, Moderators.

Lives in `comments` because it is the app that depends on all the others, so every
model these permissions name exists by the time it runs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    # Editors run the newsroom's content: every article, section, tag and author.
    "Editors": {
        "articles.article": ["add", "change", "delete", "view"],
        "articles.byline": ["add", "change", "delete", "view"],
        "articles.section": ["add", "change", "delete", "view"],
        "articles.tag": ["add", "change", "delete", "view"],
        "authors.author": ["add", "change", "delete", "view"],
        "comments.comment": ["view"],
    },
    # Writers draft articles; the admin limits them to their own drafts.
    "Writers": {
        "articles.article": ["add", "change", "view"],
        "articles.byline": ["add", "change", "delete", "view"],
        "articles.section": ["view"],
        "articles.tag": ["add", "view"],
        "authors.author": ["view"],
    },
    # Moderators act on comments and nothing else.
    "Moderators": {
        "comments.comment": ["change", "view"],
    },
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, models in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for label, actions in models.items():
            app_label, model = label.split(".")
            for action in actions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("articles", "0001_initial"),
        ("authors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
