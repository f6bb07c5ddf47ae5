from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Stored pages are keyed by the archive's generation: any save shows at once.
        from archive import page_cache

        page_cache.connect_signals(self.get_models())
