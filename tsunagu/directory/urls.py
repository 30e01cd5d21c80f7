from django.urls import path

from tsunagu.directory import (
    booklet_views,
    category_views,
    freshness_views,
    import_views,
    synonym_views,
    views,
)

app_name = "directory"
urlpatterns = [
    path("", views.listing_list, name="list"),
    path("new/", views.listing_create, name="create"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("<int:pk>/edit/", views.listing_edit, name="edit"),
    path("<int:pk>/confirm/", views.listing_confirm, name="confirm"),
    path("<int:pk>/versions/<int:number>/restore/", views.listing_restore, name="restore"),
    path("<int:pk>/reports/<int:report_pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("proposals/", freshness_views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", freshness_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/decide/", freshness_views.proposal_decide, name="proposal_decide"),
    path("stale/", freshness_views.stale_list, name="stale"),
    path("stale/send/", freshness_views.stale_send, name="stale_send"),
    path("categories/", category_views.category_list, name="categories"),
    path("synonyms/", synonym_views.synonym_list, name="synonyms"),
    path("categories/new/", category_views.category_create, name="category_create"),
    path("categories/<int:pk>/", category_views.category_edit, name="category_edit"),
    path("categories/<int:pk>/delete/", category_views.category_delete, name="category_delete"),
    path("import/", import_views.import_upload, name="import"),
    path("import/mapping/", import_views.import_mapping, name="import_mapping"),
    path("import/<int:pk>/wait/", import_views.import_wait, name="import_wait"),
    path("import/<int:pk>/preview/", import_views.import_preview, name="import_preview"),
    path("import/<int:pk>/done/", import_views.import_done, name="import_done"),
    path("export/", import_views.listing_export, name="export"),
    path("booklet/", booklet_views.booklet_start, name="booklet"),
    path("letters/", booklet_views.letters_start, name="letters"),
]
