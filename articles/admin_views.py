"""The article form's own small views: withdraw, send back, presence, the kept photo."""

import mimetypes

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_POST

from . import presence, services
from .admin_forms import kept_path


class DeskViewsMixin:
    def desk_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/withdraw/",
                view(require_POST(self.withdraw_view)),
                name="articles_article_withdraw",
            ),
            path(
                "<path:object_id>/send-back/",
                view(require_POST(self.send_back_view)),
                name="articles_article_send_back",
            ),
            path(
                "<path:object_id>/presence/",
                view(require_POST(self.presence_view)),
                name="articles_article_presence",
            ),
            path("kept-image/", view(self.kept_image_view), name="articles_article_kept_image"),
        ]

    # --- Withdrawing from review ---------------------------------------------------
    def withdraw_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such article, or not one of yours.")
        services.article_withdraw(article=obj, user=request.user)
        self.message_user(
            request, f"“{obj}” is a draft again: edit it and submit it when ready.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def send_back_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such article.")
        try:
            services.article_send_back(
                article=obj, user=request.user, note=request.POST.get("note")
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, f"“{obj}” went back to its writer with your note.",
                              messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[obj.pk]))

    def presence_view(self, request, object_id):
        """The article form's heartbeat: answers who else has it open."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such article.")
        others = presence.article_present(article_id=obj.pk, user=request.user)
        response = JsonResponse({"others": others})
        add_never_cache_headers(response)
        return response

    def kept_image_view(self, request):
        """Show the user the photo kept for them across a failed save (theirs only)."""
        kept = kept_path(request.GET.get("t"), request.user)
        if not kept or not default_storage.exists(kept):
            raise Http404("Nothing kept.")
        content_type = mimetypes.guess_type(kept)[0] or ""
        if not content_type.startswith("image/"):
            raise Http404("Nothing kept.")
        response = FileResponse(default_storage.open(kept), content_type=content_type)
        add_never_cache_headers(response)
        return response


def every_error(form, inline_formsets):
    """Every error on the page, named, so the banner at the top lists them all."""
    errors = []
    for name, field_errors in form.errors.items():
        if name not in form.fields:
            continue  # the form's own message (a conflict) is shown in full under the banner
        label = form.fields[name].label or form[name].label
        for error in field_errors:
            errors.append({"field": label, "message": error, "anchor": f"id_{name}"})
    for inline in inline_formsets:
        formset = inline.formset
        title = inline.opts.verbose_name_plural.capitalize()
        for error in formset.non_form_errors():
            errors.append({"field": title, "message": error, "anchor": f"{formset.prefix}-group"})
        for sub in formset.errors:
            for name, field_errors in sub.items():
                for error in field_errors:
                    errors.append({"field": title, "message": error,
                                   "anchor": f"{formset.prefix}-group"})
    return [e for e in errors if e["message"]]

