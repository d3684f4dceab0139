"""The export is read as a stream, safely, and a broken file stops with its line number."""

import pytest
from django.core.management.base import CommandError

from articles.models import Article
from comments.models import Comment
from wpimport.models import ImportedObject
from wpimport.wxr import ExportError, records

from . import wxr

pytestmark = pytest.mark.django_db


def test_a_truncated_file_stops_with_its_line_number_and_keeps_whole_objects(run_import, tmp_path):
    whole = wxr.wxr(items=[wxr.item(1, "First"), wxr.item(2, "Second", comments=[wxr.comment(7)])])
    cut = whole[: whole.index(b"<wp:comment_id>7")]  # in the middle of the second post
    path = tmp_path / "cut.xml"
    path.write_bytes(cut)
    with pytest.raises(CommandError) as error:
        run_import(path=path)
    line = cut.count(b"\n") + 1
    assert f"line {line}" in str(error.value)
    # The first post came across whole; nothing of the second was written.
    assert list(Article.objects.values_list("headline", flat=True)) == ["First"]
    assert not Comment.objects.exists()
    assert not ImportedObject.objects.filter(kind="post", wp_id=2).exists()


def test_running_again_on_the_completed_file_carries_on(run_import, tmp_path):
    whole = wxr.wxr(items=[wxr.item(1, "First"), wxr.item(2, "Second")])
    cut = tmp_path / "cut.xml"
    cut.write_bytes(whole[: whole.index(b"<wp:post_id>2")])
    with pytest.raises(CommandError):
        run_import(path=cut)
    complete = tmp_path / "whole.xml"
    complete.write_bytes(whole)
    run_import(path=complete)
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["First", "Second"]


def test_a_file_that_is_not_a_wordpress_export_is_refused(run_import, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<rss><channel><title>x</title><item><title>y</title></item></channel></rss>")
    with pytest.raises(CommandError, match="not a WordPress export"):
        run_import(path=path)


def test_a_missing_file_is_a_clear_error(run_import, tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run_import(path=tmp_path / "nope.xml")


def test_entities_are_never_resolved_nor_fetched(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    export = wxr.wxr(items=[wxr.item(1, "Hi", content="CONTENT")]).decode()
    export = export.replace(
        '<?xml version="1.0" encoding="UTF-8" ?>',
        f'<?xml version="1.0" encoding="UTF-8" ?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">'
        '<!ENTITY net SYSTEM "http://192.0.2.1/x">]>',
    ).replace("<title>Old Site</title>", "<title>&x;&net;</title>")
    path = tmp_path / "xxe.xml"
    path.write_text(export)
    read = list(records(str(path)))
    assert "TOP-SECRET" not in repr(read)
    assert read[-1].data["content"] == "CONTENT"


def test_wxr_1_1_exports_are_read_too(run_import):
    run_import(version="1.1", items=[wxr.item(1, "Old format")])
    assert Article.objects.get().headline == "Old format"


def test_records_come_out_in_file_order_with_the_site_first(tmp_path):
    path = wxr.write(tmp_path, categories=[wxr.category("news")], items=[wxr.item(1)])
    assert [r.kind for r in records(str(path))] == ["site", "author", "category", "item"]


def test_a_broken_file_raises_an_export_error_with_the_line(tmp_path):
    export = wxr.wxr(items=[wxr.item(1), wxr.item(2)])
    broken = export.replace(b"</item>", b"</chan>", 1)
    path = tmp_path / "bad.xml"
    path.write_bytes(broken)
    with pytest.raises(ExportError) as error:
        list(records(str(path)))
    assert error.value.line == broken[: broken.index(b"</chan>")].count(b"\n") + 1


def test_two_wordpress_com_blogs_are_told_apart(run_import):
    for blog in ("https://one.wordpress.com", "https://two.wordpress.com"):
        run_import(site=blog, base_site="http://wordpress.com/",
                   items=[wxr.item(1, f"Post of {blog}", slug=blog.split("//")[1].split(".")[0])])
    assert Article.objects.count() == 2
