"""The routes of a day's dispatch plan and its papers, included from tsunagu/outings/urls.py (so
their names are outings:…)."""

from django.urls import path

from tsunagu.outings import plan_views as views

urlpatterns = [
    path("days/<int:pk>/plan/<str:direction>/", views.plan_page, name="plan"),
    path("days/<int:pk>/plan/<str:direction>/make/", views.plan_make, name="plan_make"),
    path("days/<int:pk>/plan/<str:direction>/edit/", views.plan_edit, name="plan_edit"),
    path("days/<int:pk>/plan/<str:direction>/sheet.pdf", views.company_sheet_pdf, name="plan_sheet_pdf"),
    path("days/<int:pk>/plan/<str:direction>/sheet.xlsx", views.company_sheet_xlsx, name="plan_sheet_xlsx"),
    path("days/<int:pk>/notices.pdf", views.notices_pdf, name="notices_pdf"),
    path("days/<int:pk>/request.pdf", views.request_pdf, name="request_pdf"),
    path("<int:pk>/proposal.pdf", views.proposal_pdf, name="proposal_pdf"),
]
