"""A flood of 200 comments from one address: readers elsewhere lose nothing, mail stays bounded."""

import math
import time
from collections import Counter

import pytest
from django.core import mail

from comments.models import Comment
from tests.factories import comment_form_data, make_article, make_user

pytestmark = pytest.mark.django_db

FLOOD = 200
LEGITIMATE = 20


def test_flood_from_one_address_is_refused_without_losing_other_readers_comments(
        client, settings, committed):
    settings.COMMENT_RATE_LIMIT = "5/60"
    settings.COMMENT_DIGEST_INTERVAL = 600
    make_user(group="Moderators", email="mod@newsroom.example")
    article = make_article()
    url = f"{article.get_absolute_url()}comments/"
    statuses = Counter()
    legit_ok = 0
    started = time.monotonic()
    for n in range(FLOOD):
        with committed():
            response = client.post(url, comment_form_data(
                article, name="Flooder", email=f"bot{n}@spam.example", comment=f"Spam number {n}",
            ), REMOTE_ADDR="203.0.113.66")
        statuses[response.status_code] += 1
        if n % (FLOOD // LEGITIMATE) == 0:  # a real reader posts now and then, from elsewhere
            with committed():
                ok = client.post(url, comment_form_data(
                    article, name=f"Reader {n}", email=f"reader{n}@example.com",
                    comment=f"A genuine thought {n}",
                ), REMOTE_ADDR=f"198.51.100.{n % 250}")
            legit_ok += ok.status_code == 303
    elapsed = time.monotonic() - started

    stored_flood = Comment.objects.filter(author_name="Flooder").count()
    stored_legit = Comment.objects.exclude(author_name="Flooder").count()
    print(f"\nflood: {FLOOD} posts from one IP + {LEGITIMATE} from others in {elapsed:.1f}s; "
          f"flood responses {dict(statuses)}; stored flood={stored_flood} "
          f"legitimate={stored_legit}/{LEGITIMATE}; mails sent={len(mail.outbox)}")

    assert legit_ok == stored_legit == LEGITIMATE  # nobody else lost a comment
    # 5 in any 60 seconds, wherever the window boundaries fall (and the flood never
    # pauses, so its refused posts keep it refused).
    assert stored_flood <= 5 * math.ceil(elapsed / 60)
    assert statuses[429] == FLOOD - stored_flood
    assert len(mail.outbox) == 1  # one digest, however many comments arrived
    assert mail.outbox[0].to == ["mod@newsroom.example"]
