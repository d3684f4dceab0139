from django.core.management.base import BaseCommand

from comments.notifications import send_moderator_digest


class Command(BaseCommand):
    help = (
        "Mail moderators any pending comments not yet announced (run it every "
        "COMMENT_DIGEST_INTERVAL seconds so comments held back from a digest are not forgotten)."
    )

    def handle(self, *args, **options):
        listed = send_moderator_digest.call()
        self.stdout.write(f"Digest listed {listed} comment(s).")
