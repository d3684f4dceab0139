"""Related stories: scored when a story is published or edited, stored, read as rows.

A story's related stories are the published stories that share its tags, bylines and
section, and whose words are like its own (TF-IDF cosine over headline, standfirst and
body, computed here in Python so SQLite and PostgreSQL score alike), weighted towards
recent stories. The best RELATED_STORED are kept as `RelatedStory` rows with their
rank; the article page shows the first RELATED_SHOWN of them that `published()` still
allows, so an unpublished story vanishes at once, and the lists that held it are
recomputed by the task its unpublishing queues. Nothing is scored at render time.
"""

import math
import re
from collections import Counter
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import Article, Byline
from articles.search import plain_text
from newsroom.caching import key, purge
from newsroom.prepared import EXAMPLE_TIME, prepared
from newsroom.publishing import is_published

from .models import RelatedStory

RELATED_STORED = 8
RELATED_SHOWN = 4
# Where candidates come from, newest first: stories sharing a tag or a byline, the same
# section's, and the newest anywhere (for stories alike only in their words).
SHARING_CANDIDATES = 200
SECTION_CANDIDATES = 60
NEWEST_CANDIDATES = 60
# What each shared trait is worth; text similarity is a cosine in [0, 1].
TAG_WEIGHT = 3.0
AUTHOR_WEIGHT = 1.5
SECTION_WEIGHT = 1.0
TEXT_WEIGHT = 6.0
# Below this, a candidate is not related at all: the same section alone is enough (as
# the old "More from" box had it), a story elsewhere needs a tag, a byline or words.
MIN_SCORE = 1.0
# A story this many days old counts for three quarters of a new one, twice that for
# five eighths; never less than half, so an old, close match still shows.
RECENCY_HALF_LIFE_DAYS = 30
# How many stories listing a changed story are recomputed with it (an unpublished
# story's are all recomputed: the lists must not keep a hole).
AFFECTED_LIMIT = RELATED_STORED
# The start of a story says what it is about; the rest costs time and adds little.
BODY_CHARS = 4_000

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
STOPWORDS = frozenset(
    "the and for are but not you all any can had her was one our out has him his how man new "
    "now old see two way who did its let put say she too use that with have this will your "
    "from they know want been good much some time very when come here just like long make "
    "many more only over such take than them well were what which their there about would "
    "these other into after first also could where most said says while since those being "
    "still before through during under again against between because each year years".split()
)


def words(text):
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def term_counts(headline, standfirst, body):
    """A story's words, the headline's counted three times and the standfirst's twice."""
    counts = Counter(words(plain_text(body)[:BODY_CHARS]))
    for word in words(standfirst):
        counts[word] += 2
    for word in words(headline):
        counts[word] += 3
    return counts


def tfidf(counts, idf):
    vector = {w: (1 + math.log(n)) * idf[w] for w, n in counts.items() if idf[w]}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {w: v / norm for w, v in vector.items()}


def cosine(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def recency(published_at, now):
    age_days = max((now - published_at).total_seconds(), 0) / 86400
    return 0.5 + 0.5 * 0.5 ** (age_days / RECENCY_HALF_LIFE_DAYS)


def _candidate_ids(story, tag_ids, author_ids, now):
    published = Article.objects.published(now).exclude(pk=story.pk).order_by("-published_at", "-pk")
    ids = []
    if tag_ids or author_ids:
        sharing = published.filter(
            Q(tags__in=tag_ids) | Q(pk__in=Byline.objects.filter(author_id__in=author_ids)
                                    .values("article_id"))
        ).distinct()
        ids += sharing.values_list("pk", flat=True)[:SHARING_CANDIDATES]
    ids += published.filter(section_id=story.section_id).values_list("pk", flat=True)[
        :SECTION_CANDIDATES]
    ids += published.values_list("pk", flat=True)[:NEWEST_CANDIDATES]
    return list(dict.fromkeys(ids))


def score_related(story, now=None, memo=None):
    """[(article id, score)] of `story`'s related stories, best first (at most RELATED_STORED).

    `memo`: {id: (section id, published_at, words)} shared by the scorings of one task,
    whose candidates overlap, so each story's words are read and counted once."""
    now = now or timezone.now()
    memo = {} if memo is None else memo
    tag_ids = set(story.tags.values_list("pk", flat=True))
    author_ids = set(story.bylines.values_list("author_id", flat=True))
    ids = _candidate_ids(story, tag_ids, author_ids, now)
    if not ids:
        return []
    rows = Article.objects.filter(pk__in=[pk for pk in ids if pk not in memo]).values_list(
        "pk", "section_id", "published_at", "headline", "standfirst", "body")
    memo.update({pk: (section_id, published_at, term_counts(h, s, b))
                 for pk, section_id, published_at, h, s, b in rows})
    tags, authors = {}, {}
    for article_id, tag_id in Article.tags.through.objects.filter(
            article_id__in=ids).values_list("article_id", "tag_id"):
        tags.setdefault(article_id, set()).add(tag_id)
    for article_id, author_id in Byline.objects.filter(article_id__in=ids).values_list(
            "article_id", "author_id"):
        authors.setdefault(article_id, set()).add(author_id)

    own = term_counts(story.headline, story.standfirst, story.body)
    docs = {pk: memo[pk] for pk in ids if pk in memo}
    document_frequency = Counter(own.keys())
    for _, _, counts in docs.values():
        document_frequency.update(counts.keys())
    total = len(docs) + 1
    # A word every story has tells nothing: it weighs 0.
    idf = {w: math.log((1 + total) / (1 + n)) for w, n in document_frequency.items()}
    own_vector = tfidf(own, idf)

    scored = []
    for pk, (section_id, published_at, counts) in docs.items():
        relevance = (
            TAG_WEIGHT * len(tag_ids & tags.get(pk, set()))
            + AUTHOR_WEIGHT * len(author_ids & authors.get(pk, set()))
            + SECTION_WEIGHT * (section_id == story.section_id)
            + TEXT_WEIGHT * cosine(own_vector, tfidf(counts, idf))
        )
        if relevance >= MIN_SCORE:
            scored.append((relevance * recency(published_at, now), published_at, pk))
    scored.sort(key=lambda row: (-row[0], -row[1].timestamp(), -row[2]))
    return [(pk, round(score, 6)) for score, _, pk in scored[:RELATED_STORED]]


def store_related(story, ranked):
    """Replace `story`'s stored list with `ranked`; True if the list of ids changed."""
    with transaction.atomic():
        before = list(RelatedStory.objects.filter(story=story).order_by("rank")
                      .values_list("related_id", flat=True))
        after = [pk for pk, _ in ranked]
        now = timezone.now()
        RelatedStory.objects.filter(story=story).delete()
        RelatedStory.objects.bulk_create(
            RelatedStory(story=story, related_id=pk, rank=rank, score=score, computed_at=now)
            for rank, (pk, score) in enumerate(ranked, start=1)
        )
    return before != after


def recompute(story, now=None, memo=None):
    """Score and store one story's list (emptied when readers may not see it).

    Returns (changed, new ids)."""
    ranked = score_related(story, now, memo) if is_published(story, now) else []
    changed = store_related(story, ranked)
    if changed:
        purge(key("related", story.pk))  # that story's page only
    return changed, [pk for pk, _ in ranked]


def refresh(article_id, also=(), now=None):
    """Recompute a changed story's list, and those of the stories it touches: the ones
    listing it (all of them when it is gone or unpublished) and the ones it now lists."""
    now = now or timezone.now()
    story = Article.objects.filter(pk=article_id).first()
    listing_it = RelatedStory.objects.filter(related_id=article_id).order_by("-story__published_at")
    affected = set(also)
    live = story is not None and is_published(story, now)
    if live:
        affected.update(listing_it.values_list("story_id", flat=True)[:AFFECTED_LIMIT])
    else:
        affected.update(listing_it.values_list("story_id", flat=True))
    memo = {}
    if story is not None:
        _, listed = recompute(story, now, memo)
        affected.update(listed)
    affected.discard(article_id)
    recomputed = 0
    for other in Article.objects.filter(pk__in=affected):
        changed, listed = recompute(other, now, memo)
        if not changed and article_id in listed:
            # Same list, but the changed story's teaser in it is new to readers.
            purge(key("related", other.pk))
        recomputed += 1
    return recomputed


def refresh_all(since_days=None):
    """Recompute every published story's list (the demo, an imported archive)."""
    stories = Article.objects.published()
    if since_days:
        stories = stories.filter(published_at__gte=timezone.now() - timedelta(days=since_days))
    count, memo = 0, {}
    for story in stories.order_by("pk").iterator(chunk_size=200):
        recompute(story, memo=memo)
        count += 1
        if len(memo) > 5_000:
            memo.clear()  # bounded memory on a large archive
    return count


# The stored related stories readers may see now, best first (prepared: every article
# page runs it): one query for the stories (and their sections), one for their bylines.
SHOWN_RELATED = prepared(
    lambda story, now: Article.objects.published(now=now).for_teasers()
    .filter(related_to_rows__story_id=story).order_by("related_to_rows__rank")[:RELATED_SHOWN],
    1, EXAMPLE_TIME)


def shown_related(article):
    """The related stories `article`'s page shows, as `Teaser`s."""
    return SHOWN_RELATED(article.pk, timezone.now())
