"""Public pages answer the same whether or not an email belongs to a commenter."""

import re
from urllib.parse import quote

import pytest

from comments.models import Comment
from tests.factories import make_article, make_comment, make_user

from .crawl import public_pages

pytestmark = pytest.mark.django_db

KNOWN = "known.commenter@example.com"
UNKNOWN = "nobody.at.all@example.com"
PARAMETERS = ["q", "search", "email", "author_email", "author_email__exact", "commenter"]


def normalised(response, probe):
    """The page with the probe itself and the comment form's timestamped token blanked."""
    body = response.content.replace(quote(probe).encode(), b"PROBE").replace(probe.encode(), b"PROBE")
    return response.status_code, re.sub(rb'name="token" value="[^"]*"', b"TOKEN", body)


def test_no_public_page_reveals_whether_an_email_has_commented(client):
    article = make_article()
    make_comment(article=article, author_email=KNOWN)
    make_comment(article=article, author_email=KNOWN, status=Comment.Status.PENDING)
    pages = public_pages(client)
    probes = 0
    for path in pages:
        joiner = "&" if "?" in path else "?"
        for name in PARAMETERS:
            known = client.get(f"{path}{joiner}{name}={quote(KNOWN)}")
            unknown = client.get(f"{path}{joiner}{name}={quote(UNKNOWN)}")
            assert normalised(known, KNOWN) == normalised(unknown, UNKNOWN), (path, name)
            assert KNOWN.encode() not in known.content or name in ("q", "search")
            probes += 1
    assert probes >= len(PARAMETERS) * 3


def test_searching_comments_by_email_needs_a_moderators_login(client):
    make_comment(author_email=KNOWN)
    anonymous = client.get(f"/admin/comments/comment/?q={KNOWN}")
    assert anonymous.status_code == 302 and KNOWN.encode() not in anonymous.content
    client.force_login(make_user(group="Writers", password=None))
    assert client.get(f"/admin/comments/comment/?q={KNOWN}").status_code == 403
