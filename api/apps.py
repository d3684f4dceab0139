from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API and webhooks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import access, webhooks  # noqa: F401  (access: forget keys when they change)

        webhooks.watch()
