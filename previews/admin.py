from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils.html import format_html

from articles import roles
from articles.models import Article
from newsroom.site import absolute_url

from . import services
from .models import PreviewLink


class PreviewLinkForm(forms.ModelForm):
    hours = forms.IntegerField(
        label="Works for (hours)", min_value=1, max_value=services.MAX_HOURS, required=False,
        help_text="How long the link works. Leave empty for the default.",
    )
    revoke = forms.BooleanField(
        label="Revoke this link", required=False,
        help_text="Whoever opens it afterwards is told it was withdrawn.",
    )

    class Meta:
        model = PreviewLink
        fields = ["article", "note"]


@admin.register(PreviewLink)
class PreviewLinkAdmin(admin.ModelAdmin):
    form = PreviewLinkForm
    list_display = ["article", "note", "state", "expires_at", "created_by", "created_at"]
    list_select_related = ["article", "created_by"]
    autocomplete_fields = ["article"]
    search_fields = ["article__headline", "note"]
    actions = ["revoke_links"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["article", "note", "hours"]
        return ["article", "note", "link", "state", "expires_at", "created_by", "created_at",
                "revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["article", "link", "state", "expires_at", "created_by", "created_at"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("hours", settings.PREVIEW_LINK_HOURS)
        return initial

    def get_queryset(self, request):
        visible = roles.visible_articles(request.user, Article.objects.all())
        return super().get_queryset(request).filter(article__in=visible)

    def has_add_permission(self, request):
        return services.can_share(request.user)

    @admin.display(description="State")
    def state(self, obj):
        return {"revoked": "Revoked", "expired": "Expired"}.get(obj.problem(), "Working")

    @admin.display(description="Link to send")
    def link(self, obj):
        if obj.problem():
            return "This link no longer works."
        return format_html(
            '<input type="text" readonly value="{}" size="90" aria-label="Preview link" '
            'class="vTextField preview-link"> <a href="{}" target="_blank" rel="noopener">Open</a>',
            absolute_url(obj.get_absolute_url()), obj.get_absolute_url())

    def save_model(self, request, obj, form, change):
        if not change:
            made = services.preview_link_create(
                article=obj.article, user=request.user, hours=form.cleaned_data.get("hours"),
                note=obj.note)
            obj.__dict__.update({k: v for k, v in made.__dict__.items() if k != "_state"})
            obj._state.adding = False
            return
        obj.save(update_fields=["note"])
        if form.cleaned_data.get("revoke"):
            services.preview_link_revoke(link=obj, user=request.user)
            messages.info(request, "The link was revoked: it no longer opens the article.")

    @admin.action(description="Revoke the selected links")
    def revoke_links(self, request, queryset):
        for link in queryset:
            services.preview_link_revoke(link=link, user=request.user)
        self.message_user(request, f"Revoked {len(queryset)} preview link(s).")
