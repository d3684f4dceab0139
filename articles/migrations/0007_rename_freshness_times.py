from django.db import migrations, models

import newsroom.sanitize


class Migration(migrations.Migration):
    """One freshness time for readers (Article.modified_at: the latest note, else the
    publish time); the stored times renamed for what they are."""

    dependencies = [
        ("articles", "0006_article_search_vector"),
    ]

    operations = [
        migrations.RenameField("article", "updated_at", "saved_at"),
        migrations.RenameField("article", "revised_at", "noted_at"),
        migrations.RenameField("historicalarticle", "revised_at", "noted_at"),
        migrations.AlterField(
            model_name="article",
            name="source_url",
            field=models.URLField(blank=True, validators=[newsroom.sanitize.validate_web_url],
                                  verbose_name="original source URL"),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="source_url",
            field=models.URLField(blank=True, validators=[newsroom.sanitize.validate_web_url],
                                  verbose_name="original source URL"),
        ),
    ]
