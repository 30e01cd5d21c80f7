from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "tsunagu.home"
    verbose_name = "ホーム"
