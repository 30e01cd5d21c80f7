from django.contrib import admin

from tsunagu.projects.models import ProjectStage


@admin.register(ProjectStage)
class ProjectStageAdmin(admin.ModelAdmin):
    """The editable list of stages: the programme's defaults, and a ward's own."""

    list_display = ("name", "ward", "order", "active")
    list_filter = ("active",)
