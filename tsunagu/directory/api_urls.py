"""The open-data API (HSDS 3.0) under /api/hsds/; see tsunagu/directory/api.py."""

from __future__ import annotations

from django.urls import path, re_path

from tsunagu.directory import api

app_name = "api"
urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    path("services", api.service_list, name="services"),
    path("services/<str:id>", api.service_detail, name="service"),
    path("service_at_locations", api.service_at_location_list, name="service_at_locations"),
    path("service_at_locations/<str:id>", api.service_at_location_detail, name="service_at_location"),
    path("locations/<str:id>", api.location_detail, name="location"),
    path("organizations", api.organization_list, name="organizations"),
    path("organizations/<str:id>", api.organization_detail, name="organization"),
    path("taxonomies", api.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:id>", api.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_term_list, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", api.taxonomy_term_detail, name="taxonomy_term"),
    # Anything else under /api/hsds/ is a JSON 404, not the site's HTML error page.
    re_path(r"^(?P<rest>.*)$", api.not_found),
]
