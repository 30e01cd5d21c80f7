from django.urls import path

from tsunagu.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("stages/", views.stage_list, name="stages"),
    path("stages/new/", views.stage_edit, name="stage_create"),
    path("stages/<int:pk>/", views.stage_edit, name="stage_edit"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/export.xlsx", views.project_export, name="export"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/milestones/new/", views.milestone_edit, name="milestone_create"),
    path("<int:pk>/milestones/<int:milestone_pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("<int:pk>/milestones/<int:milestone_pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("<int:pk>/log/new/", views.entry_create, name="entry_create"),
    path("<int:pk>/log/<int:entry_pk>/", views.entry_detail, name="entry_detail"),
    path("<int:pk>/log/<int:entry_pk>/edit/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/log/<int:entry_pk>/delete/", views.entry_delete, name="entry_delete"),
    path("<int:pk>/log/<int:entry_pk>/comments/", views.comment_add, name="comment_add"),
    path("<int:pk>/log/<int:entry_pk>/comments/<int:comment_pk>/delete/", views.comment_delete,
         name="comment_delete"),
]
