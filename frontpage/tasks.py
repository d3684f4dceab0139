"""Background work of the front page app: related stories, scored off the request."""

from django.tasks import task


@task()
def refresh_related(article_id, also=()):
    """Recompute `article_id`'s related stories and those of the stories it touches
    (`also`: stories that listed it, when it has been deleted). Idempotent."""
    from .related import refresh

    return refresh(article_id, also=also)
