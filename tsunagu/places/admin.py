from django.contrib import admin

from tsunagu.places.models import Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "name_kana", "code"]
    raw_id_fields = ["parent"]
