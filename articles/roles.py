"""Who may do what with an article: the role rules the admin, preview and services share.

Editors hold `articles.publish_article` and every article permission. Writers may add
articles and change only their own (their author profile is on the byline) while the
article is a draft. Everything else is refused, whatever URL or POST asks for it.
"""

from newsroom.publishing import Status

PUBLISH_PERMISSION = "articles.publish_article"
# Statuses of an article readers see or saw: moving into or out of them is publishing.
PUBLIC = (Status.PUBLISHED, Status.ARCHIVED)


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
    if article is None or is_editor(user):
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


def change_refused(user, stored, article):
    """Why `user` may not save `article` changed from `stored` (its row as stored, None
    when new); None when they may. The one rule for every save: form, action, service."""
    publishing = (
        article.status in PUBLIC
        or (stored is not None and stored.status in PUBLIC)
        or article.featured != (stored.featured if stored is not None else False)
    )
    if publishing and not can_publish(user):
        return "Only editors can publish, schedule, unpublish, archive or feature articles."
    if stored is None:
        if not (user.is_active and user.has_perm("articles.add_article")):
            return "You cannot add articles."
        return None
    if stored.status == Status.REVIEW and article.status == Status.DRAFT:
        if not (is_editor(user) or can_withdraw(user, stored)):
            return "You can only withdraw your own articles while they are in review."
        return None
    if not can_change(user, stored):
        return "You can only change your own drafts."
    return None
