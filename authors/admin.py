from django.contrib import admin

from .models import Author


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user", "updated_at"]
    search_fields = ["name", "job_title", "bio"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "job_title", "bio", "email", "website", "social_links",
                           "user"]}),
        ("Photo", {"fields": ["photo", "photo_alt", "photo_caption", "photo_credit"]}),
    ]
