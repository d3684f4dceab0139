"""Who may do what with an article: the role rules the admin, preview and services share.

Editors hold `articles.publish_article` and every article permission. Writers may add
articles and change only their own (their author profile is on the byline) while the
article is a draft. Everything else is refused, whatever URL or POST asks for it.
"""

from newsroom.publishing import Status

PUBLISH_PERMISSION = "articles.publish_article"


def can_publish(user):
    """Publish, schedule, unpublish, archive and feature: editors only."""
    return user.is_active and user.has_perm(PUBLISH_PERMISSION)


def is_editor(user):
    return can_publish(user) and user.has_perm("articles.change_article")


def visible_articles(user, queryset):
    """The articles `user` may see in the admin or preview: all for editors, else their own."""
    if is_editor(user):
        return queryset
    if user.is_active and user.has_perm("articles.view_article"):
        return queryset.owned_by(user)
    return queryset.none()


def can_view(user, article):
    if article is None:
        return is_editor(user) or user.has_perm("articles.view_article")
    return visible_articles(user, type(article).objects.filter(pk=article.pk)).exists()


def can_change(user, article):
    """Editors change anything; a writer only their own article while it is a draft."""
    if not (user.is_active and user.has_perm("articles.change_article")):
        return False
    if article is None or is_editor(user):
        return True
    return article.status == Status.DRAFT and can_view(user, article)


def allowed_statuses(user):
    """The statuses `user` may put an article into from the edit form."""
    if can_publish(user):
        return list(Status)
    return [Status.DRAFT, Status.REVIEW]


def can_withdraw(user, article):
    """A writer (or an editor) may take an article they can see back from review to draft."""
    return (
        article is not None
        and article.status == Status.REVIEW
        and user.is_active
        and user.has_perm("articles.change_article")
        and can_view(user, article)
    )
