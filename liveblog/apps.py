from django.apps import AppConfig


class LiveblogConfig(AppConfig):
    name = "liveblog"
    verbose_name = "Live blogs"

    def ready(self):
        from articles import admin_article, models

        from . import admin, cache

        cache.watch()  # each entry's change purges its article's pages, and only those
        # The article page loads its coverage with the article, in the same query.
        models.ARTICLE_PAGE_RELATED.append("live_coverage")
        admin_article.EXTRA_INLINES.append(admin.article_inlines)
