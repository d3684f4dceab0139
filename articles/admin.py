from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone

from newsroom.caching import content_changed
from newsroom.publishing import Status, is_published

from .models import Article, Byline, Section, Tag


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    min_num = 1
    autocomplete_fields = ["author"]
    verbose_name = "byline"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline", "section", "status", "published_at", "is_live", "featured", "pending_comments",
    ]
    list_filter = ["status", "section", "featured", "published_at", "bylines__author"]
    search_fields = ["headline", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["tags", "section"]
    list_select_related = ["section"]
    inlines = [BylineInline]
    show_full_result_count = False
    actions = ["publish_now"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "standfirst", "body"]}),
        ("Placement", {"fields": ["section", "tags", "featured"]}),
        ("Publishing", {"fields": ["status", "published_at", "comments_open"]}),
        ("Original source", {"fields": ["source_name", "source_url"]}),
        ("Featured image", {"fields": [
            "featured_image", "featured_image_alt", "featured_image_caption", "featured_image_credit",
        ]}),
        ("Search and sharing", {"classes": ["collapse"], "fields": ["seo_title", "seo_description"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            pending_comment_count=Count("comments", filter=Q(comments__status="pending"))
        )

    @admin.display(boolean=True, description="Live")
    def is_live(self, obj):
        return is_published(obj)

    @admin.display(description="Pending comments", ordering="pending_comment_count")
    def pending_comments(self, obj):
        return obj.pending_comment_count

    @admin.action(description="Publish selected articles now", permissions=["change"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        updated = queryset.exclude(status=Status.PUBLISHED).update(
            status=Status.PUBLISHED, published_at=now
        )
        content_changed()  # update() sends no signals: refresh the page cache
        self.message_user(request, f"{updated} article(s) published.", messages.SUCCESS)
