from django.shortcuts import get_object_or_404, render

from newsroom.caching import public_page

from .models import Page


@public_page
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    return render(request, "pages/page_detail.html", {"page": page})
