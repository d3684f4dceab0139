from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """The project package as an app: system checks for what every app shares."""

    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from . import checks  # noqa: F401  (registers the checks)
        from . import embeds

        embeds.watch()  # an article body's embeddable URLs get snapshots when saved
