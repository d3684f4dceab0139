from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom (`manage.py load_demo`): content for every app, so it sits on
    top of them all rather than in the shared `newsroom` package."""

    name = "demo"
    verbose_name = "Demo content"
