import json

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from . import admin_articles  # noqa: F401  (the article list's pending-comment column)
from . import services
from .admin_queue import DECISIONS, comment_card, commenter_history, decide_buttons
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

    list_display = ["reason_list", "status", "created_at"]  # plus per-request columns
    list_filter = [
        "status", ReasonFilter, ("article", admin.RelatedOnlyFieldListFilter), "created_at",
    ]
    search_fields = ["author_name", "author_email", "body", "article__headline"]
    list_select_related = ["article", "parent"]
    list_display_links = None
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
        if request.GET.get("status__exact"):
            return ["created_at", "id"]  # one status: oldest first, straight from the index
        pending_first = Case(When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1))
        return [pending_first.asc(), "created_at"]

    def has_add_permission(self, request):
        return False  # comments come from readers (or staff replying on the site)

    # Commenters' emails, IPs and user agents are for moderators only.
    def get_list_display(self, request):
        moderating = is_moderator(request)

        @admin.display(description="Comment")
        def comment(obj):
            history = getattr(request, "commenter_history", {})
            return comment_card(obj, show_email=moderating,
                                history=history.get(obj.author_email.lower()))

        @admin.display(description="Decide")
        def decide(obj):
            return decide_buttons(obj, request)

        return [comment, "reason_list", "status", "created_at", *([decide] if moderating else [])]

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

    def decide_view(self, request, object_id, decision):
        """One comment's decision from its row: a POST from the queue, CSRF-checked."""
        comment = self.get_object(request, unquote(object_id))
        if comment is None or decision not in DECISIONS:
            raise Http404("No such comment or decision.")
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        service, done, whole_commenter = DECISIONS[decision]
        comments = [comment]
        if whole_commenter and comment.author_email:
            comments = list(Comment.objects.pending().by_commenter(comment.author_email))
        count = service(comments=comments, moderator=request.user)
        if request.headers.get("X-Requested-With") == "fetch":  # admin-queue.js, in place
            comment.refresh_from_db(fields=["status"])
            return JsonResponse(
                {"count": count, "status": comment.status,
                 "status_label": comment.get_status_display()}
            )
        who = f"{comment.author_name}’s"
        self.message_user(
            request,
            f"{count} of {who} comments {done}." if whole_commenter else f"{who} comment {done}.",
            messages.SUCCESS,
        )
        back = reverse("admin:comments_comment_changelist")
        query = request.GET.urlencode()
        return HttpResponseRedirect(f"{back}?{query}" if query else back)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if is_moderator(request):
            # One query for the page: each commenter's record, by email.
            request.commenter_history = commenter_history(changelist.result_list)
        return changelist

    def changelist_view(self, request, extra_context=None):
        context = {"title": "Moderation queue", **(extra_context or {})}
        return super().changelist_view(request, context)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/<slug:decision>/",
                self.admin_site.admin_view(require_POST(self.decide_view)),
                name="comments_comment_decide",
            ),
        ] + super().get_urls()

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
        reasons = "; ".join(r.get("detail", r.get("rule", "")) for r in obj.reasons)
        if reasons:
            return reasons
        if obj.status == Comment.Status.PENDING:
            return "Awaiting review: no rule objected (every comment is read first)."
        return "—"

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
