from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "tsunagu.places"
    verbose_name = _("場所")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from tsunagu.places import addresses
        from tsunagu.places.models import Place

        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(addresses.forget, sender=Place, dispatch_uid=f"town-index-{name}")
