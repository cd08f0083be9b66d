from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.utils.autoreload import autoreload_started

        autoreload_started.connect(watch_compiled_sources, dispatch_uid="hawal-compiled-sources")


def watch_compiled_sources(sender, **kwargs) -> None:
    """runserver watches each module's file, which for a compiled module is its build: watch the sources
    too, so editing one restarts the server (which then runs the edited source as plain Python)."""
    from archive.compiled import MODULES, source_path

    sender.extra_files.update(source_path(module) for module in MODULES)
