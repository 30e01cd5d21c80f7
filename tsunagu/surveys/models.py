"""アンケート (surveys): a questionnaire built on screen, and the answers that come back.

A Survey belongs to a place of the tree, like every record (the association a 自治会 survey asks,
the ward for a questionnaire to every group of the ward), and may belong to a project (磯子区's
mobile sales) or an event (鶴見区's exchange meeting). Its questions come in order; a question may
be shown only when an earlier choice question's answer is, is not, or includes one of its choices
(skip logic, checked on the server for every way in).

Answers come in three ways (Response.via): through a public link (AnswerLink: a token, without
login; a link may accept one answer only — one per volunteer group — and carries the group's
name and area), typed in from paper by staff, or imported from a spreadsheet. One Answer row per
question answered (a grid question: one per row of the grid); the chosen choices are a relation,
so that tallies are grouped queries.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tsunagu.people import policy
from tsunagu.surveys import access


class Status(models.TextChoices):
    DRAFT = "draft", _("下書き")
    OPEN = "open", _("受付中")
    CLOSED = "closed", _("締切")


class SurveyQuerySet(models.QuerySet):
    def visible_to(self, user) -> SurveyQuerySet:
        return self.filter(policy.within(user, access.VIEW))

    def changeable_by(self, user) -> SurveyQuerySet:
        return self.filter(policy.within(user, access.WRITE))

    def names_visible_to(self, user) -> SurveyQuerySet:
        """The surveys whose respondents' names this user may read (an audited read)."""
        return self.filter(policy.within(user, access.NAMES))

    def under(self, place) -> SurveyQuerySet:
        return self.filter(place__path__startswith=place.path)

    def accepting(self, today: date) -> SurveyQuerySet:
        """Open for answers today: 受付中, and today inside the dates given."""
        return (self.filter(status=Status.OPEN)
                .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=today))
                .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today)))


class Survey(models.Model):
    place = models.ForeignKey("places.Place", verbose_name=_("地域"), on_delete=models.PROTECT, related_name="surveys",
                              help_text=_("アンケートをとる地域（区・CPエリア・地区・自治会町内会）"))
    # Declared links (pyproject.toml, the independence contract): a survey done for a project's work
    # or before an event.
    project = models.ForeignKey("projects.Project", verbose_name=_("プロジェクト"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="surveys")
    event = models.ForeignKey("events.Event", verbose_name=_("催し"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="surveys")
    title = models.CharField(_("題名"), max_length=200)
    intro = models.TextField(_("はじめのあいさつ"), blank=True,
                             help_text=_("回答する人に最初に見せる文（目的、締切、問い合わせ先など）"))
    thanks = models.TextField(_("回答後のお礼の文"), blank=True)
    status = models.CharField(_("状態"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(_("受付開始日"), null=True, blank=True)
    closes_on = models.DateField(_("締切日"), null=True, blank=True)
    anonymous = models.BooleanField(_("無記名"), default=True,
                                    help_text=_("外すと、回答の最後に名前を書く欄が出ます（名前は職員だけが見られます）。"))
    contact = models.CharField(_("問い合わせ先"), max_length=200, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("作成者"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("アンケート")
        verbose_name_plural = _("アンケート")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["place", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("surveys:detail", args=[self.pk])

    def is_accepting(self, today: date) -> bool:
        return (self.status == Status.OPEN and (self.opens_on is None or self.opens_on <= today)
                and (self.closes_on is None or self.closes_on >= today))


class Kind(models.TextChoices):
    SINGLE = "single", _("ひとつ選ぶ")
    MULTIPLE = "multiple", _("いくつでも選ぶ")
    SCALE = "scale", _("5段階")
    NUMBER = "number", _("数")
    DATE = "date", _("日付")
    SHORT = "short", _("短い文")
    LONG = "long", _("長い文")
    GRID = "grid", _("表（同じ選択肢で複数の項目）")


CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.GRID)
SCALE_POINTS = (1, 2, 3, 4, 5)


class Condition(models.TextChoices):
    """Skip logic: show a question only when an earlier choice question's answer…"""

    IS = "is", _("が次のとき")
    IS_NOT = "is_not", _("が次ではないとき")
    INCLUDES = "includes", _("に次が含まれるとき")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("順番"), default=0)
    kind = models.CharField(_("答え方"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text = models.CharField(_("質問"), max_length=500)
    help = models.CharField(_("補足"), max_length=500, blank=True,
                            help_text=_("質問の下に小さく出る説明（「あてはまるものすべてに○」など）"))
    required = models.BooleanField(_("必ず答える"), default=False)
    # A short name for tallies, exports and XLSForm (q1, age, …); made from the order when empty.
    name = models.CharField(_("項目名"), max_length=60, blank=True)
    # Scale: what 1 and 5 mean (「まったくそう思わない」…「とてもそう思う」).
    scale_low = models.CharField(_("1の意味"), max_length=60, blank=True)
    scale_high = models.CharField(_("5の意味"), max_length=60, blank=True)
    # Number: bounds and unit (「人」「回」「歳」).
    number_min = models.DecimalField(_("最小"), max_digits=12, decimal_places=2, null=True, blank=True)
    number_max = models.DecimalField(_("最大"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("単位"), max_length=20, blank=True)
    # Skip logic: shown only if show_if_question's answer is / is not / includes show_if_choice.
    show_if_question = models.ForeignKey("self", verbose_name=_("表示の条件：質問"), null=True, blank=True,
                                         on_delete=models.SET_NULL, related_name="+")
    show_if = models.CharField(_("表示の条件"), max_length=10, choices=Condition.choices, blank=True)
    show_if_choice = models.ForeignKey("Choice", verbose_name=_("表示の条件：選択肢"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("質問")
        verbose_name_plural = _("質問")
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def has_condition(self) -> bool:
        return bool(self.show_if_question_id and self.show_if_choice_id and self.show_if)

    @property
    def key(self) -> str:
        """The name used in exports and forms: the given name, else q<order>."""
        return self.name or f"q{self.order}"


class Choice(models.Model):
    """A choice of a single/multiple question, or one of a grid's shared choices (the columns)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(_("順番"), default=0)
    label = models.CharField(_("選択肢"), max_length=200)
    name = models.CharField(_("項目名"), max_length=60, blank=True)
    # 「その他（　　）」: choosing it asks for a few words.
    with_text = models.BooleanField(_("記入欄つき"), default=False)

    class Meta:
        verbose_name = _("選択肢")
        verbose_name_plural = _("選択肢")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return self.name or str(self.order)


class GridRow(models.Model):
    """A row of a grid question (「買い物」「通院」…), each answered with the grid's shared choices."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="rows")
    order = models.PositiveIntegerField(_("順番"), default=0)
    label = models.CharField(_("項目"), max_length=200)
    name = models.CharField(_("項目名"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("表の行")
        verbose_name_plural = _("表の行")
        ordering = ["question", "order", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return self.name or str(self.order)


def new_token() -> str:
    # 16 bytes of randomness: not guessable, short enough for a printed URL / QR code.
    return secrets.token_urlsafe(16)


class AnswerLinkQuerySet(models.QuerySet):
    def usable(self) -> AnswerLinkQuerySet:
        return self.filter(active=True)


class AnswerLink(models.Model):
    """A public address that accepts answers without login (/a/<token>/).

    once: the link accepts one answer, then thanks whoever opens it again (one per volunteer group);
    otherwise it accepts any number (a QR code on a flyer). The name and area say whose link it is:
    answers given through it carry that area (a group's 自治会), so that results can be broken down
    by area without asking."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="links")
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    name = models.CharField(_("宛先"), max_length=200, blank=True,
                            help_text=_("団体名など（回答する人には見えません）"))
    area = models.ForeignKey("places.Place", verbose_name=_("宛先の地域"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    once = models.BooleanField(_("回答は1件だけ"), default=False)
    active = models.BooleanField(_("受け付ける"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnswerLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("回答用リンク")
        verbose_name_plural = _("回答用リンク")
        ordering = ["survey", "name", "pk"]

    def __str__(self) -> str:
        return self.name or self.token[:6]

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("survey_answer", args=[self.token])


class Via(models.TextChoices):
    LINK = "link", _("リンク")
    PAPER = "paper", _("紙")
    IMPORT = "import", _("取込")


class ResponseQuerySet(models.QuerySet):
    def visible_to(self, user) -> ResponseQuerySet:
        return self.filter(policy.within(user, access.VIEW, "survey__place__path"))

    def of(self, survey) -> ResponseQuerySet:
        return self.filter(survey=survey)


class Response(models.Model):
    """One person's (or one group's) filled-in questionnaire."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    via = models.CharField(_("回答方法"), max_length=10, choices=Via.choices)
    link = models.ForeignKey(AnswerLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses")
    area = models.ForeignKey("places.Place", verbose_name=_("地域"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+",
                             help_text=_("わかれば、自治会町内会・地区・CPエリア"))
    # Staff-only (surveys.names, audited): a named survey, or a name written on the paper.
    respondent_name = models.CharField(_("回答者の名前"), max_length=100, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("入力者"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # The number written on a paper form, or the row of an imported file: to find the original again.
    source_ref = models.CharField(_("用紙番号・取込元"), max_length=100, blank=True)
    # One submission per form shown: a double tap on 送信 or a reload does not make two answers.
    submission_key = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        ordering = ["survey", "created_at", "pk"]
        indexes = [models.Index(fields=["survey", "via"])]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """The answer to one question (for a grid: to one row) of a response."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    row = models.ForeignKey(GridRow, null=True, blank=True, on_delete=models.CASCADE, related_name="answers")
    # A choice that was answered is not deleted: services.delete_choice refuses it, in Japanese.
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("回答の内容")
        verbose_name_plural = _("回答の内容")
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "row"], name="surveys_answer_once_per_row"),
            models.UniqueConstraint(fields=["response", "question"], condition=Q(row__isnull=True),
                                    name="surveys_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class TextTag(models.Model):
    """A coordinator's own word for a theme of the free-text answers (「買い物」「移動」「見守り」),
    kept per survey: answers are tagged with it and listed by it (results, surveys/tags.py)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="text_tags")
    name = models.CharField(_("タグ"), max_length=40)
    answers = models.ManyToManyField(Answer, blank=True, related_name="tags")

    class Meta:
        verbose_name = _("自由記述のタグ")
        verbose_name_plural = _("自由記述のタグ")
        ordering = ["survey", "name"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="surveys_texttag_unique")]

    def __str__(self) -> str:
        return self.name
