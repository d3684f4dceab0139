from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from articles.models import LISTING_ANNOTATIONS

        from . import counts
        from .models import approved_comment_count

        # Article lists show each story's kept comment count from the listing query
        # itself (no N+1, and no counting at read time).
        LISTING_ANNOTATIONS["comment_count"] = approved_comment_count()
        counts.watch()  # kept counts, purges and comment_visibility_changed
