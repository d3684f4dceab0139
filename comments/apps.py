from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from articles.models import LISTING_ANNOTATIONS

        from .models import approved_comment_count

        # Article lists show comment counts from the listing query itself (no N+1).
        LISTING_ANNOTATIONS["comment_count"] = approved_comment_count()
        from newsroom import caching

        caching.watch_comments()  # page cache invalidation on model changes
