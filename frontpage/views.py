from django.shortcuts import render

from newsroom.caching import LISTING, public_page

from .cache import FRONT_PAGE
from .layout import front_page


@public_page(keys=[LISTING, FRONT_PAGE])
def home(request):
    """The front page: the editors' zones (layout.py), each story once."""
    front = front_page()
    return render(request, "home.html", {"front": front, "lead_story": front.lead})
