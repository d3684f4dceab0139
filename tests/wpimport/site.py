"""A WordPress newsroom as an export, imported: what the imported-site checks visit."""

import io

from django.core.management import call_command

from . import wxr


def newsroom_export(posts=12):
    categories = [wxr.category("world", "World", id=1), wxr.category("europe", "Europe", parent="world", id=2),
                  wxr.category("nordics", "Nordics", parent="europe", id=3),
                  wxr.category("business", "Business", id=4)]
    tags = [wxr.tag(f"topic-{n}", f"Topic {n}", id=100 + n) for n in range(6)]
    authors = [wxr.author("admin", id=1, display_name="Site Admin"),
               wxr.author("jdoe", id=2, display_name="Jane Doe", description="Covers Europe.")]
    items = [
        wxr.item(900, "About", slug="about", post_type="page", content="We report.\n\nSince 1999."),
        wxr.item(901, "Our team", slug="team", post_type="page", parent=900, content="<p>Us.</p>"),
    ]
    for n in range(1, posts + 1):
        thread = [wxr.comment(n * 100, content="First!")] + [
            wxr.comment(n * 100 + d, parent=n * 100 + d - 1, content=f"Reply {d}") for d in range(1, 6)]
        items.append(wxr.item(
            n, f"Story number {n}", slug=f"story-{n}", creator="jdoe" if n % 2 else "admin",
            sticky=n == 1, excerpt=f"What happened in story {n}.",
            categories=[("category", ["nordics", "europe", "business"][n % 3], "X"),
                        ("category", "world", "World"),
                        ("post_tag", f"topic-{n % 6}", f"Topic {n % 6}")],
            content=('<!-- wp:paragraph --><p>Opening paragraph.</p><!-- /wp:paragraph -->\n'
                     '[caption id="attachment_1" width="300"]<img src="/static/favicon.svg" '
                     'alt="A harbour"> The harbour[/caption]\n\n'
                     '[embed]https://video.example/watch?v=1[/embed]\n\nClosing words.'),
            comments=thread, date_gmt=f"2024-01-{n:02d} 08:00:00"))
    return dict(categories=categories, tags=tags, authors=authors, items=items)


def import_newsroom(tmp_path, posts=12):
    path = wxr.write(tmp_path, "newsroom.xml", **newsroom_export(posts))
    out = io.StringIO()
    call_command("import_wordpress", str(path), stdout=out)
    return out.getvalue()
