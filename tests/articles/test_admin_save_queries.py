"""One save in the article form reads the stored article once, whatever it changes.

Opening the row for the form is one read; the form's conflict check reads it again
under a row lock, and the saving service (role, audit, old address, purges) reuses
that read instead of asking again.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.admin_forms import version_of
from newsroom.publishing import Status
from tests.factories import make_article, make_tag

from .admin_forms import article_form_data, change_url

pytestmark = pytest.mark.django_db

# A read of one article's stored status: what every "what did it change from" asks.
STATUS_READ = re.compile(
    r'^SELECT .*"articles_article"\."status".* FROM "articles_article"\s+'
    r'WHERE "articles_article"\."id" = '
)


def status_reads_of_one_admin_save(client, user, article, **changes):
    client.force_login(user)
    data = article_form_data(article, version=version_of(article.saved_at), **changes)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return [q["sql"] for q in queries if STATUS_READ.search(q["sql"])]


@pytest.mark.parametrize(
    "changes",
    [{"headline": "A better headline"}, {"status": Status.PUBLISHED}, {"slug": "a-new-address"}],
    ids=["headline", "publish", "slug"],
)
def test_an_admin_save_reads_the_stored_article_once_beyond_opening_it(client, editor, changes):
    article = make_article(status=Status.REVIEW, tags=[make_tag()])
    reads = status_reads_of_one_admin_save(client, editor, article, **changes)
    assert len(reads) == 2, reads  # the form's object, then the locked read the save reuses
    assert "FOR UPDATE" in reads[1] or connection.vendor == "sqlite"
