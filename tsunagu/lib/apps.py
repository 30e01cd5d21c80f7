from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "tsunagu.lib"
    label = "tsunagu_lib"
