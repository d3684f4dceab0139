# CommentCount moves to articles (listings read it there, without articles knowing
# comments): its table is renamed to the articles one, keeping every count, and the
# model leaves comments' state. Reversible: the rename goes back.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0008_merge_editors_moderate_and_word_matching'),
        ('articles', '0011_comment_count_moves_to_articles'),
    ]

    operations = [
        migrations.AlterModelTable(name='commentcount', table='articles_commentcount'),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='CommentCount')],
            database_operations=[],
        ),
    ]
