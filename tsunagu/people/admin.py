from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tsunagu.people.models import Contact, Membership, Organisation, User


@admin.register(User)
class TsunaguUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (("つなぐ", {"fields": ("display_name", "display_name_kana", "must_change_password")}),)
    list_display = ["username", "display_name", "is_active", "is_superuser"]


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "place"]
    list_filter = ["kind"]
    search_fields = ["name", "name_kana"]
    raw_id_fields = ["place"]
    inlines = [ContactInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    raw_id_fields = ["user", "organisation"]
    filter_horizontal = ["districts"]
