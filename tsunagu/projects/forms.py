"""The forms of プロジェクト, for a phone: few required fields, the rest folded away."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.concurrency import VersionField
from tsunagu.lib.relations import offer, unseen_count
from tsunagu.people import reach
from tsunagu.places.models import Kind, Place
from tsunagu.projects.links import LINK_KINDS, area_of
from tsunagu.projects.models import MemberRole, MilestoneStatus, ProjectStage
from tsunagu.projects.services import member_candidates, places_for_projects
from tsunagu.teams.models import Team

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 4, "autocapitalize": "off"}


def place_label(place: Place) -> str:
    return f"{'　' * max(place.depth - 2, 0)}{place.name}（{place.get_kind_display()}）"


def _wards_of(places) -> list[Place]:
    ward_paths = {"/".join(p.path.split("/")[:3]) + "/" for p in places}
    return list(Place.objects.filter(path__in=ward_paths, kind=Kind.WARD))


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("プロジェクト名"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("例：久良岐丘自治会 移動販売の導入")}))
    place = forms.ModelChoiceField(label=_("地域"), queryset=Place.objects.none(),
                                   help_text=_("自治会町内会・地区・CPエリア・区のうち、いちばん近いもの"))
    purpose = forms.CharField(label=_("目的"), required=False, widget=forms.Textarea(attrs=TEXT))
    stage = forms.ModelChoiceField(label=_("段階"), queryset=ProjectStage.objects.none(), required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("協力団体"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("この地域の団体と、区全体の団体（スーパー・タクシー会社・区役所など）から選べます。"))
    team = forms.ModelChoiceField(label=_("チーム・ネットワーク"), queryset=Team.objects.none(), required=False,
                                  help_text=_("このプロジェクトを進めるチームや連絡会があれば選びます。"))
    version = VersionField()

    def __init__(self, *args, user, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.project = user, project
        places = places_for_projects(user).defer("boundary").order_by("path")
        if project is not None:
            places = places | Place.objects.filter(pk=project.place_id)
        self.fields["place"].queryset = places
        self.fields["place"].label_from_instance = place_label
        wards = _wards_of(places)
        stages = ProjectStage.objects.filter(Q(ward__isnull=True) | Q(ward__in=wards))
        keep = project.stage_id if project else None
        self.fields["stage"].queryset = stages.filter(Q(active=True) | Q(pk=keep))
        # The teams of the wards this person writes projects in; one the project has stays offered.
        keep_team = project.team_id if project else None
        self.fields["team"].queryset = (Team.objects.visible_to(user).in_wards(wards).filter(active=True)
                                        | Team.objects.filter(pk=keep_team)).order_by("kind", "name")
        place = self._place_for_choices()
        near = Q(place__kind__in=[Kind.CITY, Kind.WARD], place__path__in=[w.path for w in wards] + ["-"])
        if place is not None:
            near |= Q(place__path__startswith=area_of(place).path)
        linked = project.organisations.all() if project else ()
        self.fields["organisations"].queryset = offer(
            reach.organisations(user), near, linked=linked, chosen=self.data.getlist("organisations")
            if hasattr(self.data, "getlist") else ()).order_by("kind", "name_kana", "name")
        self.unseen = {}
        for kind in LINK_KINDS:
            visible = kind.visible(user)
            choices = Q(pk__in=[])
            if place is not None:
                choices = Q(pk__in=list(kind.near(visible, place).values_list("pk", flat=True)[:kind.limit]))
            field = forms.ModelMultipleChoiceField(
                label=kind.label, required=False, widget=forms.CheckboxSelectMultiple,
                queryset=offer(visible, choices, linked=getattr(project, kind.field).all() if project else (),
                               chosen=self.data.getlist(kind.field) if hasattr(self.data, "getlist") else ()))
            field.label_from_instance = kind.name
            self.fields[kind.field] = field
            if project is not None:
                self.unseen[kind.field] = unseen_count(getattr(project, kind.field).all(), visible)

    def _place_for_choices(self):
        pk = self.data.get("place") if self.is_bound else None
        if pk and str(pk).isdigit():
            place = self.fields["place"].queryset.filter(pk=pk).first()
            if place is not None:
                return place
        if self.project is not None:
            return self.project.place
        return self.initial.get("place")

    @property
    def link_fields(self):
        return [self[kind.field] for kind in LINK_KINDS]

    @property
    def main_fields(self):
        return [self[name] for name in ("title", "place", "purpose", "stage", "team", "organisations")]

    @classmethod
    def initial_for(cls, project=None, place=None) -> dict:
        if project is None:
            return {"place": place}
        return {"title": project.title, "place": project.place, "purpose": project.purpose, "stage": project.stage,
                "organisations": list(project.organisations.all()), "team": project.team, "version": project.version,
                **{kind.field: list(getattr(project, kind.field).all()) for kind in LINK_KINDS}}

    def service_kwargs(self) -> dict:
        c = self.cleaned_data
        return {"title": c["title"], "place": c["place"], "purpose": c.get("purpose") or "", "stage": c.get("stage"),
                "organisations": list(c.get("organisations") or []), "team": c.get("team"),
                "links": {kind.field: list(c.get(kind.field) or []) for kind in LINK_KINDS}}


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("アカウント"), queryset=None,
                                  help_text=_("協力団体の方と、区内の団体に所属する方から選べます。"))
    role = forms.ChoiceField(label=_("プロジェクトでの役割"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    note = forms.CharField(label=_("担当・ひとこと"), max_length=100, required=False)

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = member_candidates(user, project)
        self.fields["user"].label_from_instance = _account_label

    @property
    def empty(self) -> bool:
        return not self.fields["user"].queryset.exists()


def _account_label(user) -> str:
    membership = next((m for m in user.memberships.all() if m.is_active), None)
    return f"{user}（{membership.organisation}）" if membership else str(user)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("マイルストーン"), max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": _("例：住民説明会")}))
    planned_on = forms.DateField(label=_("予定日"), widget=DATE)
    status = forms.ChoiceField(label=_("状況"), choices=MilestoneStatus.choices, initial=MilestoneStatus.PLANNED)
    done_on = forms.DateField(label=_("実施日"), required=False, widget=DATE,
                              help_text=_("「済」にして空欄なら、今日の日付が入ります。"))
    owner = forms.ModelChoiceField(label=_("担当"), queryset=None, required=False,
                                   help_text=_("空欄ならメンバー全員の「やること」に出ます。"))
    note = forms.CharField(label=_("メモ"), required=False, widget=forms.Textarea(attrs={**TEXT, "rows": 2}))
    version = VersionField()

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        from tsunagu.people.models import User

        self.fields["owner"].queryset = User.objects.filter(pk__in=project.members.values("user"))

    @staticmethod
    def initial_for(milestone) -> dict:
        if milestone is None:
            return {}
        return {"title": milestone.title, "planned_on": milestone.planned_on, "status": milestone.status,
                "done_on": milestone.done_on, "owner": milestone.owner, "note": milestone.note,
                "version": milestone.version}


class EntryForm(forms.Form):
    date = forms.DateField(label=_("日付"), widget=DATE)
    body = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={**TEXT, "rows": 6}),
                           help_text=_("販売の様子、来た人・来なくなった人、気づいたこと、次にすること。"))
    sensitive = forms.BooleanField(
        label=_("気になる人についての記録（配慮が必要）"), required=False,
        help_text=_("個別の許可を持つメンバーだけが読めます。許可のない方は、保存したあと自分でも読めなくなります。"
                    "書き出しや連絡会資料には出ません。"))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    @staticmethod
    def initial_for(entry) -> dict:
        if entry is None:
            return {"date": timezone.localdate()}
        return {"date": entry.date, "body": entry.body, "sensitive": entry.sensitive, "version": entry.version}


class CommentForm(forms.Form):
    body = forms.CharField(label=_("コメント"), widget=forms.Textarea(attrs={**TEXT, "rows": 2}))


class ProjectFilterForm(forms.Form):
    stage = forms.ModelChoiceField(label=_("段階"), queryset=ProjectStage.objects.all(), required=False,
                                   empty_label=_("すべて"))
    place = forms.ModelChoiceField(label=_("地域"), queryset=Place.objects.none(), required=False,
                                   empty_label=_("すべて"))
    mine = forms.BooleanField(label=_("自分がメンバーのものだけ"), required=False)

    def __init__(self, *args, user, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The wards and CP areas around the projects this person sees (a partner's account sees only
        # the places of its own projects).
        paths = set(projects.values_list("place__path", flat=True))
        around = {"/".join(parts[:n]) + "/" for parts in (p.strip("/").split("/") for p in paths)
                  for n in range(1, len(parts) + 1)}
        around = {"/" + p.lstrip("/") for p in around}
        places = Place.objects.filter(path__in=around, kind__in=[Kind.WARD, Kind.CP_AREA]).defer("boundary")
        self.fields["place"].queryset = places.order_by("path")
        self.fields["place"].label_from_instance = place_label
        wards = _wards_of(places)
        self.fields["stage"].queryset = ProjectStage.objects.filter(Q(ward__isnull=True) | Q(ward__in=wards))

    def filter(self, projects):
        c = self.cleaned_data
        if c.get("stage"):
            projects = projects.at_stage(c["stage"])
        if c.get("place"):
            projects = projects.under(c["place"])
        if c.get("mine"):
            projects = projects.with_member(self.user)
        return projects


class StageForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=60)
    order = forms.IntegerField(label=_("並び順"), min_value=0, max_value=9999, initial=100,
                               help_text=_("小さい順に並びます。"))
    active = forms.BooleanField(label=_("使う"), required=False, initial=True,
                                help_text=_("外すと新しいプロジェクトでは選べなくなります。選んであるプロジェクトはそのままです。"))
