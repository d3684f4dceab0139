from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from . import search  # noqa: F401  (connects the search index signals)
        from . import cache

        cache.watch()  # purge cached pages when what they show changes
        from django.db.models.signals import post_migrate

        from newsroom.database import analyze_after_migrate

        # Fresh statistics for the query planner after every migrate (`make run`, deploys).
        post_migrate.connect(analyze_after_migrate, sender=self, dispatch_uid="analyze")
