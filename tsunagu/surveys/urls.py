from django.urls import path

from tsunagu.surveys import import_views, result_views, views

app_name = "surveys"
urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/delete/", views.survey_delete, name="delete"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/questions/add/", views.question_add, name="question_add"),
    path("<int:pk>/links/add/", views.link_add, name="link_add"),
    path("<int:pk>/links/groups/", views.group_links_add, name="group_links_add"),
    path("<int:pk>/links.pdf", views.links_pdf, name="links_pdf"),
    path("<int:pk>/paper.pdf", views.paper_pdf, name="paper_pdf"),
    path("<int:pk>/paper/", views.paper_entry, name="paper_entry"),
    path("<int:pk>/paper/undo/", views.paper_undo, name="paper_undo"),
    path("questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/<str:direction>/", views.question_move, name="question_move"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<int:pk>/add/<str:what>/", views.lines_add, name="lines_add"),
    path("choices/<int:pk>/<str:op>/", views.choice_change, name="choice_change"),
    path("rows/<int:pk>/<str:op>/", views.row_change, name="row_change"),
    path("links/<int:pk>/toggle/", views.link_toggle, name="link_toggle"),
    # 集計 (results), free-text answers with tags, and the questionnaire as XLSForm (result_views.py).
    path("<int:pk>/results/", result_views.results, name="results"),
    path("<int:pk>/results/download/", result_views.results_export, name="results_export"),
    path("<int:pk>/texts/<int:question>/", result_views.texts, name="texts"),
    path("<int:pk>/texts/<int:question>/<int:answer>/tag/", result_views.text_tag, name="text_tag"),
    path("<int:pk>/xlsform.xlsx", result_views.xlsform_export, name="xlsform_export"),
    # Imports: answers from .xlsx/CSV, a new survey from XLSForm (import_views.py, imports.py).
    path("<int:pk>/import/", import_views.answers_upload, name="import_answers"),
    path("import/xlsform/", import_views.xlsform_upload, name="import_xlsform"),
    path("import/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("import/<int:pk>/commit/", import_views.import_commit, name="import_commit"),
]
