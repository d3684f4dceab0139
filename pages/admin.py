from django.contrib import admin

from .models import Page


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "parent", "status", "in_footer", "footer_position"]
    list_editable = ["in_footer", "footer_position"]
    list_filter = ["status", "in_footer"]
    list_select_related = ["parent"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["parent"]
    fields = ["title", "slug", "body", "parent", "status", "published_at",
              "in_footer", "footer_position"]
