from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from . import counts

        # Keeps articles' CommentCount (what listings show) true, purges and sends
        # comment_visibility_changed.
        counts.watch()
