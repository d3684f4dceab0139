"""Visit every public page a reader (or a bot) can reach by following links."""

from urllib.parse import urljoin, urlsplit

import re

import lxml.html

START = ["/", "/robots.txt", "/sitemap.xml", "/feed/", "/feeds/", "/search/?q=a"]
MAX_PAGES = 300
XML_LINK = re.compile(rb"<loc>([^<]+)</loc>|<link>([^<]+)</link>")


def public_pages(client):
    """Return {path: response} for same-site pages reachable from the front page."""
    seen, queue, pages = set(), list(START), {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or path.startswith(("/static/", "/media/")):
            continue
        pages[path] = response
        content_type = response.get("Content-Type", "")
        if "html" not in content_type and "xml" not in content_type:
            continue
        for link in _links(response.content, content_type):
            parts = urlsplit(urljoin("http://testserver" + path, link))
            if parts.netloc in ("testserver", "127.0.0.1:8000", "localhost") \
                    and not parts.path.startswith("/admin/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def _links(content, content_type):
    if "html" in content_type:
        doc = lxml.html.document_fromstring(content)
        return [el.get("href") for el in doc.iter("a", "link") if el.get("href")]
    # Sitemaps list pages in <loc>, feeds in <link>.
    return [(a or b).decode() for a, b in XML_LINK.findall(content)]
