import json

from django.contrib import admin, messages
from django.http import HttpResponse
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from . import services
from .models import Comment, ModerationAction, ModerationWord

PERSONAL_FIELDS = {"author_email", "ip_address", "user_agent"}
RULE_LABELS = {
    "honeypot": "Honeypot filled",
    "too_many_links": "Too many links",
    "spam_word": "Spam word",
    "hold_word": "Word to review",
    "rate_limit_unavailable": "Rate limit unchecked",
    "reported": "Reported by readers",
}
STATUS_ACTIONS = {
    Comment.Status.APPROVED: services.comment_approve,
    Comment.Status.SPAM: services.comment_mark_spam,
    Comment.Status.REMOVED: services.comment_remove,
    Comment.Status.PENDING: services.comment_restore,
}


class ReasonFilter(admin.SimpleListFilter):
    title = "reason held"
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return list(RULE_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in RULE_LABELS:
            return queryset.filter(reason_codes__contains=self.value())
        return queryset


class ModerationActionInline(admin.TabularInline):
    model = ModerationAction
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "from_status", "to_status", "moderator", "note"]
    readonly_fields = fields
    verbose_name_plural = "Moderation log"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def is_moderator(request):
    return request.user.has_perm("comments.change_comment")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: pending first, oldest first, each with why it was held."""

    list_display = [
        "excerpt", "reason_list", "status", "author_name", "author_email", "article_link",
        "in_reply_to", "created_at",
    ]
    list_filter = [
        "status", ReasonFilter, ("article", admin.RelatedOnlyFieldListFilter), "created_at",
    ]
    search_fields = ["author_name", "author_email", "body", "article__headline"]
    list_select_related = ["article", "parent"]
    list_per_page = 50
    fields = [
        "status", "article_link", "in_reply_to_full", "author_name", "author_email",
        "author_url", "body", "reason_list", "created_at", "ip_address", "user_agent",
        "moderated_by", "moderated_at", "notify_on_approval", "notify_on_reply",
    ]
    readonly_fields = [f for f in fields if f != "status"]
    inlines = [ModerationActionInline]
    actions = ["approve", "mark_spam", "remove", "restore", "export_commenter", "erase_commenter"]
    show_full_result_count = False
    search_help_text = "Search by name, email, words in the comment, or headline."

    def get_ordering(self, request):
        pending_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1))
        return [pending_first.asc(), "created_at"]

    def has_add_permission(self, request):
        return False  # comments come from readers (or staff replying on the site)

    # Commenters' emails, IPs and user agents are for moderators only.
    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if is_moderator(request) else [f for f in shown if f not in PERSONAL_FIELDS]

    def get_fields(self, request, obj=None):
        shown = super().get_fields(request, obj)
        return shown if is_moderator(request) else [f for f in shown if f not in PERSONAL_FIELDS]

    def get_search_fields(self, request):
        shown = super().get_search_fields(request)
        return shown if is_moderator(request) else [f for f in shown if f not in PERSONAL_FIELDS]

    def save_model(self, request, obj, form, change):
        """A status change made on the comment's page goes through the logged services."""
        if "status" in form.changed_data:
            STATUS_ACTIONS[obj.status](comments=[Comment.objects.get(pk=obj.pk)],
                                       moderator=request.user)

    @admin.display(description="Comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80)

    @admin.display(description="Article", ordering="article__headline")
    def article_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.article.get_absolute_url(), obj.article)

    @admin.display(description="In reply to")
    def in_reply_to(self, obj):
        if not obj.parent_id:
            return "—"
        return f"{obj.parent.author_name}: {Truncator(obj.parent.body).chars(60)}"

    @admin.display(description="In reply to")
    def in_reply_to_full(self, obj):
        if not obj.parent_id:
            return "— (a new thread)"
        url = reverse("admin:comments_comment_change", args=[obj.parent_id])
        return format_html('<a href="{}">{}</a> wrote:<br><blockquote>{}</blockquote>',
                           url, obj.parent.author_name, obj.parent.body)

    @admin.display(description="Held because")
    def reason_list(self, obj):
        return "; ".join(r.get("detail", r.get("rule", "")) for r in obj.reasons) or "—"

    def _run(self, request, service, queryset, done):
        count = service(comments=list(queryset), moderator=request.user)
        self.message_user(request, f"{count} comment(s) {done}.", messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._run(request, services.comment_approve, queryset, "approved")

    @admin.action(description="Mark selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._run(request, services.comment_mark_spam, queryset, "marked as spam")

    @admin.action(description="Remove selected comments", permissions=["change"])
    def remove(self, request, queryset):
        self._run(request, services.comment_remove, queryset, "removed")

    @admin.action(description="Restore selected comments to the queue", permissions=["change"])
    def restore(self, request, queryset):
        self._run(request, services.comment_restore, queryset, "restored to the queue")

    @admin.action(
        description="Export all data of the selected comments' commenters", permissions=["change"]
    )
    def export_commenter(self, request, queryset):
        emails = sorted({e.lower() for e in queryset.exclude(author_email="")
                         .values_list("author_email", flat=True)})
        data = [services.commenter_export(email=e) for e in emails]
        response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="commenter-data.json"'
        return response

    @admin.action(
        description="Erase all data of the selected comments' commenters", permissions=["change"]
    )
    def erase_commenter(self, request, queryset):
        emails = {e.lower() for e in queryset.exclude(author_email="")
                  .values_list("author_email", flat=True)}
        count = sum(services.commenter_erase(email=e, moderator=request.user) for e in emails)
        self.message_user(
            request, f"Erased {count} comment(s) from {len(emails)} commenter(s).", messages.SUCCESS
        )


@admin.register(ModerationWord)
class ModerationWordAdmin(admin.ModelAdmin):
    """Words that hold comments for review or mark them as spam."""

    list_display = ["word", "action", "match", "created_at"]
    list_filter = ["action"]
    list_editable = ["action"]
    search_fields = ["word"]
