"""Parts of readers' pages kept between renders, so a page-cache miss renders little.

The page cache (newsroom/pagecache.py) keeps whole pages, and anything readers can
see changing (a comment approved anywhere included) makes every page miss at once.
A fragment is keyed by the generation of what it shows, so the next render reuses
what did not change:

- CONTENT fragments (an article's text, bylines, tags and structured data; the
  section menu) change only with articles, bylines, tags, sections, authors and
  corrections: approving a comment leaves them valid.
- SITE fragments (anything showing comments or comment counts) follow the page
  cache's own generation.

Like the page cache, fragments are used only for renders that carry nothing
personal (views marked `public_page`, requests without a session or own-comments
cookie), never outlive the next scheduled publish nor PAGE_CACHE_SERVER_SECONDS,
and a cache outage only costs speed. `{% fragment %}` in templates, `render()` in
Python.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe

from newsroom.caching import (
    CONTENT_GENERATION,
    SITE_GENERATION,
    clock,
    generation_tokens,
    quietly,
    seconds_until_next_publish,
)

CONTENT, SITE = "content", "site"
GENERATIONS = {CONTENT: CONTENT_GENERATION, SITE: SITE_GENERATION}


def _state(request):
    """The generation tokens and the expiry for this request, looked up once."""
    state = getattr(request, "_fragment_state", None)
    if state is None:
        tokens = generation_tokens()
        until = seconds_until_next_publish(tokens.get(SITE_GENERATION)) if tokens else None
        lifetime = settings.PAGE_CACHE_SERVER_SECONDS
        lifetime = min(lifetime, until) if until is not None else lifetime
        state = request._fragment_state = (tokens, lifetime)
    return state


def render(request, name, parts, depends, produce):
    """The HTML `produce()` returns, kept under `name`, `parts` and the `depends` generation.

    Only when `public_page` marked the request `fragments_allowed` (nothing personal).
    """
    if not (settings.FRAGMENT_CACHE_ENABLED and getattr(request, "fragments_allowed", False)):
        return produce()
    tokens, lifetime = _state(request)
    token = tokens.get(GENERATIONS[depends]) if tokens else None
    if token is None or lifetime <= 0:
        return produce()
    digest = hashlib.md5(repr(list(parts)).encode()).hexdigest()
    key = f"fragment:{name}:{token}:{digest}"
    kept = quietly(None, cache.get, key)
    if kept is not None and kept[1] > clock():
        return mark_safe(kept[0])
    html = produce()
    # Valid until the next scheduled publish, judged on the publishing rule's clock.
    quietly(None, cache.set, key, (str(html), clock() + lifetime), timeout=int(lifetime) + 1)
    return html


register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, depends, parts, prepare):
        self.nodelist, self.name, self.depends = nodelist, name, depends
        self.parts, self.prepare = parts, prepare

    def render(self, context):
        parts = [part.resolve(context) for part in self.parts]

        def produce():
            # What the fragment reads from the database, loaded only when it is rendered
            # (templates call a callable they resolve).
            if self.prepare is not None:
                self.prepare.resolve(context)
            return self.nodelist.render(context)

        return render(context.get("request"), self.name, parts, self.depends, produce)


@register.tag
def fragment(parser, token):
    """{% fragment "name" content|site part... [prepare=callable] %} ... {% endfragment %}

    `parts` name the objects shown (an article's id, a page number): one entry each.
    `prepare`, if given, is called before the fragment has to be rendered.
    """
    bits = token.split_contents()
    if len(bits) < 3 or bits[2] not in GENERATIONS:
        raise template.TemplateSyntaxError(
            f"Usage: {{% {bits[0]} \"name\" content|site part... [prepare=callable] %}}"
        )
    prepare = None
    if bits[-1].startswith("prepare="):
        prepare = parser.compile_filter(bits.pop().removeprefix("prepare="))
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    parts = [parser.compile_filter(bit) for bit in bits[3:]]
    return FragmentNode(nodelist, name, bits[2], parts, prepare)
