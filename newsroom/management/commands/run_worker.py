from django.core.management import call_command
from django.core.management.base import BaseCommand

from newsroom.tasks import recover_stalled, schedule_periodic, worker_id


class Command(BaseCommand):
    help = (
        "Run a task worker (django-tasks-db's db_worker) named after this process, after "
        "queueing again the tasks a dead worker left running and scheduling the periodic tasks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.2,
                            help="Seconds between looks at an empty queue (default 0.2).")

    def handle(self, *args, interval, verbosity, **options):
        recovered = recover_stalled()
        added = schedule_periodic()
        self.stdout.write(f"Worker starting: {recovered} stalled task(s) queued again, "
                          f"{added} periodic task(s) scheduled.")
        self.stdout.flush()
        call_command("db_worker", "--queue-name", "*", "--interval", str(interval),
                     "--no-startup-delay", "--no-reload", "--worker-id", worker_id(),
                     verbosity=verbosity)
