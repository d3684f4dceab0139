from django.contrib import admin

from .models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "updated_at"]
    search_fields = ["name", "job_title", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
