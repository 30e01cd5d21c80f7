from django.urls import path

from tsunagu.sheets import views

app_name = "sheets"
urlpatterns = [
    path("", views.sheet_list, name="list"),
    path("new/", views.sheet_create, name="create"),
    path("carry/", views.sheet_carry, name="carry"),
    path("<int:pk>/", views.sheet_detail, name="detail"),
    path("<int:pk>/print/", views.sheet_print, name="print"),
    path("<int:pk>/pdf/", views.sheet_pdf, name="pdf"),
    path("<int:pk>/history/", views.sheet_history, name="history"),
    path("<int:pk>/sections/<str:key>/", views.section_edit, name="section_edit"),
    path("<int:pk>/sections/<str:key>/comments/", views.comment_create, name="comment_create"),
    path("<int:pk>/comments/<int:comment_pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item_move"),
    path("<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
]
