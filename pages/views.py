from django.shortcuts import get_object_or_404, render

from newsroom.caching import key, public_page, tag

from .models import Page


@public_page
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    tag(request, key("page", page.pk))
    return render(request, "pages/page_detail.html", {"page": page})
