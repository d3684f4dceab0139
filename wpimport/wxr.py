"""Read a WordPress export (WXR 1.0-1.2) as a stream of plain records.

The file is never held in memory: lxml's iterparse hands over each top-level element
of the channel (the site's details, an author, a category, a tag, an item) once it is
complete, it is turned into a dict, and the element and everything before it are
dropped. Entities are not resolved and nothing is fetched over the network, whatever
the file's DOCTYPE asks for.
"""

from dataclasses import dataclass

from lxml import etree

WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
# Channel children worth an event; everything else is dropped as the stream goes by.
CHANNEL_TAGS = ["item", "link", "title", "{*}wxr_version", "{*}base_site_url",
                "{*}base_blog_url", "{*}author", "{*}category", "{*}tag", "{*}term"]


class ExportError(Exception):
    """The file is not a readable WordPress export; `line` is where reading stopped."""

    def __init__(self, message, line=None):
        super().__init__(message)
        self.line = line


@dataclass
class Record:
    kind: str  # "site", "author", "category", "tag", "term", "item"
    data: dict


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def namespace(tag):
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def is_wp(element):
    return namespace(element.tag).startswith(WP_NAMESPACE_PREFIX)


def text(element):
    return (element.text or "").strip() if element is not None else ""


def raw_text(element):
    """Text as written (content keeps its own whitespace)."""
    return element.text or "" if element is not None else ""


def fields(element):
    """{local name: text} of an element's simple children (the last one wins)."""
    return {local(child.tag): raw_text(child) for child in element if len(child) == 0}


def read_author(element):
    return {k.removeprefix("author_"): v.strip() for k, v in fields(element).items()}


def read_category(element):
    return {k: v.strip() for k, v in fields(element).items()}


def read_comment(element):
    data = {k.removeprefix("comment_"): v for k, v in fields(element).items()}
    data["meta"] = {text(m.find("{*}meta_key")): raw_text(m.find("{*}meta_value"))
                    for m in element if local(m.tag) == "commentmeta"}
    return data


def read_item(element):
    data = {"categories": [], "meta": {}, "comments": []}
    for child in element:
        name = local(child.tag)
        if name == "category" and not is_wp(child):
            data["categories"].append({
                "domain": child.get("domain", ""), "nicename": child.get("nicename", ""),
                "name": text(child),
            })
        elif name == "postmeta":
            key = text(child.find("{*}meta_key"))
            data["meta"][key] = raw_text(child.find("{*}meta_value"))
        elif name == "comment":
            data["comments"].append(read_comment(child))
        elif name in ("encoded",):
            # content:encoded and excerpt:encoded share a local name.
            data["excerpt" if "excerpt" in namespace(child.tag) else "content"] = raw_text(child)
        elif len(child) == 0:
            data[name] = raw_text(child)
    for key in ("title", "link", "guid", "creator", "post_id", "post_type", "status",
                "post_name", "post_parent", "post_password", "is_sticky", "comment_status",
                "post_date", "post_date_gmt", "attachment_url", "menu_order"):
        data[key] = (data.get(key) or "").strip()
    data.setdefault("content", "")
    data.setdefault("excerpt", "")
    return data


READERS = {"author": read_author, "category": read_category, "tag": read_category,
           "term": read_category}


def records(source):
    """Yield the export's records in file order. `source`: a path or a binary file.

    Raises ExportError for a file that is not well-formed XML (with its line) or not
    a WordPress export.
    """
    parser = etree.iterparse(
        source, events=("end",), tag=CHANNEL_TAGS, resolve_entities=False,
        no_network=True, huge_tree=True, load_dtd=False, remove_comments=True,
    )
    site = {}
    site_sent = False
    try:
        for _, element in parser:
            parent = element.getparent()
            if parent is None or local(parent.tag) != "channel":
                continue  # an item's own <title>, <link> and so on: read with the item
            name = local(element.tag)
            if name in ("link", "title") or name.startswith(("base_", "wxr_")):
                site[name] = text(element)
            else:
                if not site_sent:
                    yield Record("site", check_site(site))
                    site_sent = True
                if name == "item":
                    yield Record("item", read_item(element))
                elif is_wp(element) and name in READERS:
                    yield Record(name, READERS[name](element))
            # Forget the element and everything before it: memory stays flat.
            element.clear(keep_tail=False)
            while element.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else None)
        raise ExportError(f"the file is not well-formed XML: {error.msg}", line=line) from None
    if not site_sent:
        yield Record("site", check_site(site))


def check_site(site):
    if not (site.get("wxr_version") or site.get("base_site_url") or site.get("base_blog_url")):
        raise ExportError("this is not a WordPress export (no wp:wxr_version or base site URL)")
    return site
