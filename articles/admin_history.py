"""Compare two revisions of an article side by side, from its history page."""

import difflib

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.html import strip_tags

# Fields whose change an editor cares about, in the order the form shows them.
COMPARED_FIELDS = [
    "headline",
    "slug",
    "standfirst",
    "body",
    "section",
    "status",
    "published_at",
    "featured",
    "comments_open",
    "source_name",
    "source_url",
    "featured_image",
    "featured_image_alt",
    "featured_image_caption",
    "featured_image_credit",
    "seo_title",
    "seo_description",
    "tags",
]


def _text(record, field):
    if field == "tags":
        return ", ".join(sorted(str(t.tag) for t in record.tags.all()))
    value = getattr(record, field)
    if field == "body":
        return strip_tags(value.replace("</p>", "</p>\n").replace("<br>", "\n"))
    return "" if value is None else str(value)


def compare_revisions(older, newer):
    """Return one row per changed field: name, old text, new text and a line diff."""
    rows = []
    for field in COMPARED_FIELDS:
        before, after = _text(older, field), _text(newer, field)
        if before == after:
            continue
        diff = list(
            difflib.unified_diff(
                before.splitlines(), after.splitlines(), "before", "after", lineterm="", n=1
            )
        )[2:]
        label = older.instance._meta.get_field(field).verbose_name
        multiline = "\n" in before or "\n" in after
        rows.append(
            {"field": label, "before": before, "after": after, "diff": diff if multiline else []}
        )
    return rows


class HistoryCompareMixin:
    object_history_list_template = "admin/articles/article/history_list.html"

    def history_compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such article, or not one of yours.")
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        records = obj.history.all()
        try:
            ids = sorted(int(request.GET[key]) for key in ("a", "b"))
            older, newer = records.get(history_id=ids[0]), records.get(history_id=ids[1])
        except (KeyError, ValueError, records.model.DoesNotExist):
            return TemplateResponse(
                request,
                "admin/articles/article/history_compare.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "object": obj,
                    "title": f"Compare versions: {obj}",
                    "error": "Choose two versions from the history list to compare.",
                },
                status=400,
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": obj,
            "title": f"Compare versions: {obj}",
            "older": older,
            "newer": newer,
            "rows": compare_revisions(older, newer),
            "can_restore": self.has_change_permission(request, obj),
        }
        return TemplateResponse(request, "admin/articles/article/history_compare.html", context)
