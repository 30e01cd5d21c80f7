from django.urls import path

from tsunagu.district_plans import views

app_name = "district_plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/versions/<int:number>/restore/", views.plan_restore, name="restore"),
    path("<int:pk>/print/", views.plan_print, name="print"),
    path("<int:pk>/plan.pdf", views.plan_pdf, name="pdf"),
]
