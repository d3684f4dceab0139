"""The demo's live blog: a storm followed as it happens, with an embed card."""

from datetime import timedelta

from articles.models import Article, Byline
from newsroom.models import Embed
from newsroom.publishing import Status

from .models import LiveCoverage, LiveEntry

SLUG = "storm-eleanor-live"
VIDEO = "https://www.youtube.com/watch?v=M7lc1UVf-VE"
ENTRIES = [  # (minutes before now, headline, body, key event, pinned)
    (300, "Red warning issued", "The weather service has issued a red wind warning for the "
     "whole coast from 18:00. Gusts of up to 140 km/h are expected.", True, False),
    (270, "", "Ferries between the islands are cancelled for the rest of the day.", False, False),
    (240, "", "Schools in the harbour district will close at noon, the council says.", False,
     False),
    (200, "Harbour wall overtopped", "Waves are now breaking over the old harbour wall. Police "
     "have closed the promenade.", True, False),
    (170, "", "Our reporter at the harbour sent this video of the surge:", False, False),
    (140, "", "About 12,000 homes are without power in the north of the city.", False, False),
    (100, "", "Trains on the coastal line are running at reduced speed.", False, False),
    (60, "Bridge closed", "The Eastern Bridge is closed to all traffic after a lorry was blown "
     "over. Nobody was hurt.", True, False),
    (20, "", "Stay indoors if you can. The emergency number for fallen trees is 112.", False,
     True),
]


def load_live_demo(*, section, authors, now, picture=lambda article: None):
    """Create the live article and its entries if missing (`picture(article)` gives it
    the demo's drawn photo); return whether it was created."""
    existing = Article.objects.filter(slug=SLUG).first()
    if existing is not None:
        picture(existing)
        return False
    article = Article.objects.create(
        slug=SLUG, headline="Storm Eleanor: live updates as red warning hits the coast",
        standfirst="Ferries cancelled, the harbour wall overtopped and a bridge closed: "
        "follow the storm as it happens.",
        body="<p>Storm Eleanor reached the coast on Tuesday morning. We follow it here as it "
        "happens, newest updates first.</p>",
        section=section, status=Status.PUBLISHED, published_at=now - timedelta(hours=5),
    )
    for position, author in enumerate(authors):
        Byline.objects.create(article=article, author=author, position=position)
    picture(article)
    LiveCoverage.objects.create(article=article, started_at=now - timedelta(hours=5))
    # The video's snapshot, as the fetch task stores it (the demo never goes online).
    Embed.objects.get_or_create(url=VIDEO, defaults={
        "provider": "youtube", "status": Embed.Status.READY,
        "title": "Storm surge at the old harbour wall", "author_name": "Newsroom video desk",
        "frame_url": "https://www.youtube-nocookie.com/embed/M7lc1UVf-VE", "fetched_at": now,
    })
    for n, (minutes, headline, text, key_event, pinned) in enumerate(ENTRIES):
        body = f"<p>{text}</p>" + (f"<p>{VIDEO}</p>" if "video" in text else "")
        LiveEntry.objects.create(
            article=article, author=authors[n % len(authors)], headline=headline, body=body,
            key_event=key_event, pinned=pinned, published_at=now - timedelta(minutes=minutes),
        )
    return True
