"""The article list's "Pending comments" column: a comments figure, so comments adds it.

The article admin knows nothing of comments (articles never imports comments); this
module extends it the way the dependencies point, re-registering the article admin
with the column and its count, one subquery for the rows shown.
"""

from django.contrib import admin
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from articles.admin_article import ArticleAdmin
from articles.models import Article

from .models import Comment


def pending_comment_count():
    """Pending comments per article, as a subquery evaluated only for the rows shown."""
    pending = (
        Comment.objects.pending()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(pending, output_field=IntegerField()), 0)


class ArticleWithCommentsAdmin(ArticleAdmin):
    list_display = [*ArticleAdmin.list_display, "pending_comments"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(pending_comment_count=pending_comment_count())

    @admin.display(description="Pending comments", ordering="pending_comment_count")
    def pending_comments(self, obj):
        return obj.pending_comment_count


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithCommentsAdmin)
