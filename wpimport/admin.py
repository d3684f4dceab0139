from django.contrib import admin

from .models import ImportedObject, OldAddress


@admin.register(OldAddress)
class OldAddressAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]


@admin.register(ImportedObject)
class ImportedObjectAdmin(admin.ModelAdmin):
    list_display = ["kind", "wp_id", "object_id", "source", "pending", "imported_at"]
    list_filter = ["kind", "pending", "source"]
    search_fields = ["=wp_id"]
    readonly_fields = ["source", "kind", "wp_id", "object_id", "digest", "data", "pending",
                       "imported_at"]

    def has_add_permission(self, request):
        return False
