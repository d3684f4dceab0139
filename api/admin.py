from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html

from .models import ApiKey, Event, Webhook, WebhookDelivery
from .webhooks import deliver_webhook


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "rate_limit", "active", "created_at", "created_by"]
    list_filter = ["active"]
    search_fields = ["name", "prefix"]
    fields = ["name", "rate_limit", "active", "prefix", "created_at", "created_by"]
    readonly_fields = ["prefix", "created_at", "created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            raw = obj.issue()
            obj.created_by = request.user
            super().save_model(request, obj, form, change)
            messages.warning(request, format_html(
                "The key for {} is <code class='api-key'>{}</code>. Copy it now: it is stored "
                "only as a hash and cannot be shown again.", obj.name, raw))
            return
        super().save_model(request, obj, form, change)


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(choices=Event.choices, widget=forms.CheckboxSelectMultiple,
                                       help_text="What this address is told about.")

    class Meta:
        model = Webhook
        fields = ["url", "description", "events", "active"]


readonly_fields_for_change = ["secret", "deliveries_link", "created_at", "created_by"]


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "description", "event_list", "active", "last_delivery"]
    list_filter = ["active"]
    readonly_fields = readonly_fields_for_change

    def get_fields(self, request, obj=None):
        fields = ["url", "description", "events", "active"]
        return fields if obj is None else fields + readonly_fields_for_change

    @admin.display(description="Events")
    def event_list(self, obj):
        labels = dict(Event.choices)
        return ", ".join(labels.get(e, e) for e in obj.events)

    @admin.display(description="Last delivery")
    def last_delivery(self, obj):
        last = obj.deliveries.order_by("-created_at").first()
        if last is None:
            return "—"
        return f"{last.get_status_display()} ({last.response_code or last.error or '…'})"

    @admin.display(description="Deliveries")
    def deliveries_link(self, obj):
        return format_html('<a href="../../../webhookdelivery/?webhook__id__exact={}">'
                           "See every delivery and its response</a>", obj.pk)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "webhook", "status", "response_code", "attempts",
                    "last_attempt_at"]
    list_filter = ["status", "event", "webhook"]
    list_select_related = ["webhook"]
    readonly_fields = ["webhook", "event", "event_id", "status", "response_code",
                       "response_excerpt", "error", "attempts", "created_at", "last_attempt_at",
                       "delivered_at", "body"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected deliveries again", permissions=["view"])
    def send_again(self, request, queryset):
        count = 0
        for delivery in queryset:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=WebhookDelivery.Status.PENDING, attempts=0)
            deliver_webhook.enqueue(delivery.pk, 0)
            count += 1
        self.message_user(request, f"{count} deliveries queued to be sent again.")
