"""Comments' background work, run by the task worker (`manage.py run_worker`)."""

from django.tasks import task

from newsroom.tasks import DAY, again

from .services import comment_purge_personal_data


@task()
def purge_personal_data():
    """Daily: forget commenters' IPs and user agents past COMMENT_IP_RETENTION_DAYS."""
    again(purge_personal_data, DAY)
    return comment_purge_personal_data()
