from django.contrib import admin, messages
from django.db.models import Case, Value, When
from django.utils.text import Truncator

from . import services
from .models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: pending first, oldest first."""

    list_display = ["excerpt", "author_name", "article", "status", "reason_list", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["author_name", "author_email", "body", "article__headline"]
    list_select_related = ["article"]
    raw_id_fields = ["article", "parent", "user"]
    readonly_fields = [
        "article", "parent", "depth", "created_at", "ip_address", "user_agent",
        "moderated_by", "moderated_at", "reasons",
    ]
    fields = [
        "article", "parent", "author_name", "author_email", "author_url", "body", "status",
        "reasons", "created_at", "ip_address", "user_agent", "moderated_by", "moderated_at",
    ]
    actions = ["approve", "mark_spam", "remove"]
    show_full_result_count = False

    def get_ordering(self, request):
        pending_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1))
        return [pending_first.asc(), "created_at"]

    def has_add_permission(self, request):
        return False  # comments come from readers (or staff replying on the site)

    @admin.display(description="Comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.display(description="Held because")
    def reason_list(self, obj):
        return "; ".join(r.get("detail", r.get("rule", "")) for r in obj.reasons) or "—"

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        count = services.comment_approve(comments=queryset, moderator=request.user)
        self.message_user(request, f"{count} comment(s) approved.", messages.SUCCESS)

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        count = services.comment_mark_spam(comments=queryset, moderator=request.user)
        self.message_user(request, f"{count} comment(s) marked as spam.", messages.SUCCESS)

    @admin.action(description="Remove selected comments", permissions=["change"])
    def remove(self, request, queryset):
        count = services.comment_remove(comments=queryset, moderator=request.user)
        self.message_user(request, f"{count} comment(s) removed.", messages.SUCCESS)
