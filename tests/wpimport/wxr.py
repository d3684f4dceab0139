"""Write WordPress exports (WXR 1.2, or 1.1) for the import tests."""

from itertools import count

SITE = "https://old.example.com"
_ids = count(1000)


def cdata(text):
    return "<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def el(name, value):
    return f"<{name}>{cdata(value)}</{name}>"


def author(login, *, id=None, email=None, display_name=None, first="", last="", description=None):
    parts = [
        f"<wp:author_id>{id if id is not None else next(_ids)}</wp:author_id>",
        el("wp:author_login", login),
        el("wp:author_email", email if email is not None else f"{login}@old.example.com"),
        el("wp:author_display_name", display_name or login.title()),
        el("wp:author_first_name", first), el("wp:author_last_name", last),
    ]
    if description is not None:
        parts.append(el("wp:author_description", description))
    return "<wp:author>" + "".join(parts) + "</wp:author>"


def category(nicename, name=None, *, parent="", id=None, description=""):
    return ("<wp:category>"
            f"<wp:term_id>{id if id is not None else next(_ids)}</wp:term_id>"
            + el("wp:category_nicename", nicename) + el("wp:category_parent", parent)
            + el("wp:cat_name", name or nicename.title())
            + el("wp:category_description", description) + "</wp:category>")


def tag(slug, name=None, *, id=None):
    return ("<wp:tag>" f"<wp:term_id>{id if id is not None else next(_ids)}</wp:term_id>"
            + el("wp:tag_slug", slug) + el("wp:tag_name", name or slug.title()) + "</wp:tag>")


def term(slug, taxonomy="nav_menu", *, id=None):
    return ("<wp:term>" f"<wp:term_id>{id if id is not None else next(_ids)}</wp:term_id>"
            + el("wp:term_taxonomy", taxonomy) + el("wp:term_slug", slug)
            + el("wp:term_name", slug) + "</wp:term>")


def comment(id, *, parent=0, approved="1", type="", author="A Reader", email="reader@example.com",
            url="", ip="192.0.2.1", content="A comment.", date_gmt="2020-01-02 10:00:00"):
    return ("<wp:comment>" f"<wp:comment_id>{id}</wp:comment_id>"
            + el("wp:comment_author", author) + el("wp:comment_author_email", email)
            + el("wp:comment_author_url", url) + el("wp:comment_author_IP", ip)
            + el("wp:comment_date", date_gmt) + el("wp:comment_date_gmt", date_gmt)
            + el("wp:comment_content", content) + el("wp:comment_approved", approved)
            + el("wp:comment_type", type) + f"<wp:comment_parent>{parent}</wp:comment_parent>"
            + "<wp:comment_user_id>0</wp:comment_user_id></wp:comment>")


def item(id, title="A post", *, slug=None, post_type="post", status="publish", content="<p>Text.</p>",
         excerpt="", creator="admin", categories=(("category", "news", "News"),), meta=None,
         comments=(), link=None, date_gmt="2020-01-02 09:00:00", sticky=False, password="",
         parent=0, attachment_url=None, comment_status="open"):
    slug = f"post-{id}" if slug is None else slug
    link = link if link is not None else f"{SITE}/2020/01/02/{slug}/"
    parts = [
        el("title", title), el("link", link), el("pubDate", "Thu, 02 Jan 2020 09:00:00 +0000"),
        el("dc:creator", creator), f'<guid isPermaLink="false">{SITE}/?p={id}</guid>',
        "<description></description>", el("content:encoded", content),
        el("excerpt:encoded", excerpt), f"<wp:post_id>{id}</wp:post_id>",
        el("wp:post_date", date_gmt), el("wp:post_date_gmt", date_gmt),
        el("wp:comment_status", comment_status), el("wp:ping_status", "open"),
        el("wp:post_name", slug), el("wp:status", status),
        f"<wp:post_parent>{parent}</wp:post_parent>", "<wp:menu_order>0</wp:menu_order>",
        el("wp:post_type", post_type), el("wp:post_password", password),
        f"<wp:is_sticky>{1 if sticky else 0}</wp:is_sticky>",
    ]
    if attachment_url:
        parts.append(el("wp:attachment_url", attachment_url))
    for domain, nicename, name in categories:
        parts.append(f'<category domain="{domain}" nicename="{nicename}">{cdata(name)}</category>')
    for key, value in (meta or {}).items():
        parts.append("<wp:postmeta>" + el("wp:meta_key", key) + el("wp:meta_value", value)
                     + "</wp:postmeta>")
    parts.extend(comments)
    return "<item>" + "".join(parts) + "</item>"


def attachment(id, file, *, parent=0, alt="", caption="", title="A photo", credit=""):
    meta = {"_wp_attached_file": file, "_wp_attachment_image_alt": alt}
    if credit:
        meta["_wp_attachment_metadata"] = (
            'a:1:{s:10:"image_meta";a:1:{s:6:"credit";s:%d:"%s";}}' % (len(credit), credit))
    return item(id, title, slug=f"attachment-{id}", post_type="attachment", status="inherit",
                content="", excerpt=caption, categories=(), meta=meta, parent=parent,
                link=f"{SITE}/2020/01/02/post-{parent}/attachment-{id}/",
                attachment_url=f"{SITE}/wp-content/uploads/{file}")


def wxr(*, items=(), authors=None, categories=(), tags=(), terms=(), version="1.2", site=SITE,
        base_site=None):
    authors = [author("admin", id=1)] if authors is None else authors
    ns = f"http://wordpress.org/export/{version}/"
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/' + version + '/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:wfw="http://wellformedweb.org/CommentAPI/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        f' xmlns:wp="{ns}">\n<channel>\n'
        f"<title>Old Site</title><link>{site}</link><description>Old</description>"
        "<pubDate>Thu, 02 Jan 2020 09:00:00 +0000</pubDate><language>en</language>"
        f"<wp:wxr_version>{version}</wp:wxr_version>"
        f"<wp:base_site_url>{base_site or site}</wp:base_site_url>"
        f"<wp:base_blog_url>{site}</wp:base_blog_url>\n"
        + "\n".join([*authors, *categories, *tags, *terms])
        + "\n<generator>https://wordpress.org/?v=6.4</generator>\n"
        + "\n".join(items) + "\n</channel>\n</rss>\n"
    ).encode("utf-8")


def write(tmp_path, name="export.xml", **kw):
    path = tmp_path / name
    path.write_bytes(wxr(**kw))
    return path


def write_large(path, megabytes, *, post_kb=100, comments_per_post=4):
    """Write an export of about `megabytes` MB, a post at a time (never all in memory):
    posts of about `post_kb` KB in a dozen categories, each with a short thread."""
    paragraph = ("<p>" + "The council met again on Tuesday to discuss the harbour. " * 8
                 + "</p>\n")
    body = paragraph * max(1, post_kb * 1024 // len(paragraph))
    categories = [category(f"section-{n}", id=n + 1) for n in range(12)]
    head, tail = wxr(categories=categories, items=["@@ITEMS@@"]).split(b"@@ITEMS@@")
    target, number = megabytes * 1024 * 1024, 0
    with open(path, "wb") as out:
        out.write(head)
        while out.tell() < target:
            number += 1
            thread = [comment(number * 10 + n, parent=(number * 10 + n - 1) if n else 0,
                              content=f"Reply {n}") for n in range(comments_per_post)]
            out.write(item(number, f"Story {number}", content=body, comments=thread,
                           categories=[("category", f"section-{number % 12}", "S")]).encode())
            out.write(b"\n")
        out.write(tail)
    return number
