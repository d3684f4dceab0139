"""The front page in the admin: zones in page order, each with its slots inline."""

from django.contrib import admin
from django.utils import timezone

from .models import RelatedStory, Slot, Zone


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 1
    fields = ["position", "article", "starts_at", "ends_at", "in_force"]
    readonly_fields = ["in_force"]
    autocomplete_fields = ["article"]
    verbose_name = "slot"
    verbose_name_plural = (
        "Slots: your choice of story for a position; positions with none (or whose story "
        "is not published, or outside its times) show the newest stories"
    )

    @admin.display(boolean=True, description="in force now")
    def in_force(self, slot):
        if slot.pk is None:
            return None
        now = timezone.now()
        return (slot.starts_at is None or slot.starts_at <= now) and (
            slot.ends_at is None or slot.ends_at > now)


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["heading", "kind", "section", "size", "position", "slot_count"]
    list_editable = ["size", "position"]
    list_select_related = ["section"]
    autocomplete_fields = ["section"]
    fields = ["kind", "section", "title", "size", "position"]
    inlines = [SlotInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(slot_total=Count("slots"))

    @admin.display(description="slots", ordering="slot_total")
    def slot_count(self, zone):
        return zone.slot_total


@admin.register(RelatedStory)
class RelatedStoryAdmin(admin.ModelAdmin):
    """Read-only: the lists are computed by the task queue when stories change."""

    list_display = ["story", "rank", "related", "score", "computed_at"]
    list_select_related = ["story", "related"]
    search_fields = ["story__headline"]
    list_per_page = 48

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
