"""Operations in the admin: the mail outbox and the task queue, failed work re-runnable."""

from django.contrib import admin, messages
from django.utils import timezone
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import ops
from .models import OutgoingMail
from .tasks_mail import resend

OPS_PERMISSION = "newsroom.view_operations"


class OpsViewMixin:
    """Staff with newsroom.view_operations see it (and may re-run what failed)."""

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(OPS_PERMISSION) or super().has_view_permission(request, obj)

    def has_module_permission(self, request):
        return request.user.has_perm(OPS_PERMISSION) or super().has_module_permission(request)

    def has_ops_permission(self, request):
        return request.user.has_perm(OPS_PERMISSION)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(OpsViewMixin, admin.ModelAdmin):
    """Every mail the site sent or is trying to: SMTP trouble shows here as retrying/failed."""

    list_display = ("subject", "status", "attempts", "created_at", "sent_at", "next_attempt_at",
                    "claimed_by")
    list_filter = ("status",)
    search_fields = ("key", "subject")
    readonly_fields = [f.name for f in OutgoingMail._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected failed mails again", permissions=["ops"])
    def send_again(self, request, queryset):
        count = resend(list(queryset))
        self.message_user(request, f"{count} failed mail(s) queued to be sent again.",
                          messages.SUCCESS)


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskQueueAdmin(OpsViewMixin, DBTaskResultAdmin):
    """The task queue: ready (pending), running, failed; retried tasks show more than one
    worker id. Failed tasks can be run again."""

    list_display = (*DBTaskResultAdmin.list_display, "run_after", "attempts")
    actions = ["run_again"]

    def changelist_view(self, request, extra_context=None):
        """Above the queue: is storage reachable, is the worker keeping up (/healthz's checks)."""
        if request.method == "GET":
            for name, ok, detail in ops.checks():
                level = messages.INFO if ok else messages.ERROR
                self.message_user(request, f"{name.capitalize()}: {'OK' if ok else 'DOWN'} — "
                                  f"{detail}.", level)
        return super().changelist_view(request, extra_context)

    @admin.display(description="attempts")
    def attempts(self, obj):
        return len(obj.worker_ids)

    @admin.action(description="Run the selected failed tasks again", permissions=["ops"])
    def run_again(self, request, queryset):
        count = queryset.filter(status="FAILED").update(
            status="READY", run_after=timezone.now(), finished_at=None,
            exception_class_path="", traceback="")
        self.message_user(request, f"{count} failed task(s) queued again.", messages.SUCCESS)
