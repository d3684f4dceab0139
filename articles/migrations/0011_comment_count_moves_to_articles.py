# The kept comment counts that listings read become articles' own model. The table
# itself is renamed by comments' 0009 (which depends on this one), so nothing is
# copied: this only records the model in articles' state.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_merge_freshness_times_and_desk'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CommentCount',
                    fields=[
                        ('article', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='comment_stats', serialize=False, to='articles.article')),
                        ('approved', models.PositiveIntegerField(default=0)),
                        ('threads', models.PositiveIntegerField(default=0)),
                    ],
                ),
            ],
            database_operations=[],
        ),
    ]
