from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from newsroom import caching

        caching.watch_comments()  # page cache invalidation on model changes
