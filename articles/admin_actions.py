"""Bulk publish, unpublish and feature in the article changelist, each confirmed first."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from . import services


class BulkActionsMixin:
    """Actions that ask "are you sure?" on their own page before touching anything."""

    actions = ["publish_selected", "unpublish_selected", "feature_selected", "unfeature_selected"]

    def _confirm_or_run(self, request, queryset, *, verb, run):
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": f"{verb.capitalize()} {queryset.count()} article(s)?",
                "verb": verb,
                "articles": list(queryset.select_related("section")),
                "action": request.POST.get("action"),
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "media": self.media,
            }
            return TemplateResponse(
                request, "admin/articles/article/confirm_bulk_action.html", context
            )
        count = 0
        for article in queryset:
            run(article)
            count += 1
        self.message_user(request, f"{count} article(s) {verb.rstrip('e')}ed.", messages.SUCCESS)
        return None

    @admin.action(description="Publish selected articles now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        return self._confirm_or_run(
            request,
            queryset,
            verb="publish",
            run=lambda a: services.article_publish(article=a, user=request.user),
        )

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        return self._confirm_or_run(
            request,
            queryset,
            verb="unpublish",
            run=lambda a: services.article_unpublish(article=a, user=request.user),
        )

    @admin.action(
        description="Feature selected articles on the front page", permissions=["publish"]
    )
    def feature_selected(self, request, queryset):
        return self._confirm_or_run(
            request,
            queryset,
            verb="feature",
            run=lambda a: services.article_set_featured(
                article=a, user=request.user, featured=True
            ),
        )

    @admin.action(description="Stop featuring selected articles", permissions=["publish"])
    def unfeature_selected(self, request, queryset):
        return self._confirm_or_run(
            request,
            queryset,
            verb="unfeature",
            run=lambda a: services.article_set_featured(
                article=a, user=request.user, featured=False
            ),
        )
