from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from tsunagu.lib.concurrency import VersionField
from tsunagu.people import access, policy, reach
from tsunagu.people.models import Contact, Organisation, OrganisationKind, Role, User
from tsunagu.places.models import Kind, Place


def _place_label(place: Place) -> str:
    return f"{place.name}（{place.get_kind_display()}）"


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("ログインIDまたはパスワードが違います。続けて間違えると、しばらくログインできなくなります。"),
        "inactive": _("このアカウントは無効になっています。管理者に連絡してください。"),
    }


class OrganisationForm(forms.ModelForm):
    version = VersionField()
    website = forms.URLField(label=_("ウェブサイト"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "name_kana", "kind", "place", "postal_code", "address", "phone", "email", "website",
                  "note", "is_active"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = (
            reach.places(user, access.EDIT_ORGANISATIONS).exclude(kind=Kind.BLOCK).order_by("path")
        )
        self.fields["place"].label_from_instance = _place_label
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "title", "phone", "email", "is_public"]


ContactFormSet = forms.inlineformset_factory(
    Organisation, Contact, form=ContactForm, extra=1, can_delete=True
)


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=_("名称で探す"), required=False)
    kind = forms.ChoiceField(label=_("種別"), required=False, choices=[("", _("すべて"))] + OrganisationKind.choices)


class MembershipFields(forms.Form):
    organisation = forms.ModelChoiceField(label=_("所属団体"), queryset=Organisation.objects.none())
    role = forms.ChoiceField(label=_("役割"), choices=Role.choices)
    districts = forms.ModelMultipleChoiceField(
        label=_("担当地区（区社協地区担当のみ）"),
        queryset=Place.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            reach.organisations(manager, access.MANAGE_PEOPLE).select_related("place").order_by("place__path", "name")
        )
        self.fields["organisation"].label_from_instance = lambda o: f"{o.name}（{o.place.name}）"
        self.fields["districts"].queryset = (
            reach.places(manager, access.MANAGE_PEOPLE)
            .filter(kind=Kind.DISTRICT)
            .select_related("parent")
            .order_by("path")
        )
        # Districts are told apart by the CP area they lie in.
        self.fields["districts"].label_from_instance = lambda d: f"{d.name}（{d.parent.name}）"
        grantable = reach.grantable_roles(manager)
        self.fields["role"].choices = [("", _("選んでください"))] + [
            (value, label) for value, label in Role.choices if value in grantable
        ]
        self.manager = manager

    def clean(self):
        data = super().clean()
        organisation, role = data.get("organisation"), data.get("role")
        if organisation and role and role not in reach.grantable_roles(self.manager, organisation):
            self.add_error("role", _("この団体にこの役割を付けることはできません。"))
        if role == Role.DISTRICT_OFFICER and not data.get("districts"):
            self.add_error("districts", _("区社協地区担当には担当地区を1つ以上選んでください。"))
        if role and role != Role.DISTRICT_OFFICER and data.get("districts"):
            self.add_error("districts", _("担当地区を選べるのは区社協地区担当だけです。"))
        return data


class UserCreateForm(MembershipFields):
    username = forms.RegexField(
        label=_("ログインID"),
        regex=r"^[A-Za-z0-9._@+-]{3,150}$",
        error_messages={"invalid": _("ログインIDは半角英数字と . _ @ + - で3文字以上にしてください。")},
    )
    display_name = forms.CharField(label=_("氏名"), max_length=100)
    display_name_kana = forms.CharField(label=_("ふりがな"), max_length=100, required=False)
    email = forms.EmailField(label=_("メール"), required=False)
    password = forms.CharField(
        label=_("仮パスワード"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("10文字以上。本人は最初のログインで自分のパスワードに変えます。"),
    )
    field_order = ["username", "display_name", "display_name_kana", "email", "password", "organisation", "role",
                   "districts"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("このログインIDはすでに使われています。"))
        return username

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password:
            candidate = User(username=data.get("username", ""), display_name=data.get("display_name", ""),
                             email=data.get("email", ""))
            try:
                validate_password(password, candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "display_name_kana", "email"]


class TemporaryPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("新しい仮パスワード"),
        widget=forms.PasswordInput,
        help_text=_("10文字以上。本人は次のログインで自分のパスワードに変えます。ロックも解除されます。"),
    )


class GrantForm(forms.Form):
    """個別の許可: one declared-grantable action, a place whose subtree it opens, why, until when."""

    action = forms.ChoiceField(label=_("許可する操作"))
    place = forms.ModelChoiceField(label=_("場所（この場所とその下すべて）"), queryset=Place.objects.none())
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    ends_on = forms.DateField(label=_("終了日（この日まで有効）"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, granter, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a.name, a.label) for a in policy.grantable_actions(granter)]
        self.fields["place"].queryset = (
            reach.places(granter, access.MANAGE_PEOPLE).exclude(kind=Kind.BLOCK).order_by("path").defer("boundary")
        )
        self.fields["place"].label_from_instance = lambda p: f"{'　' * max(p.depth - 1, 0)}{p.name}（{p.get_kind_display()}）"
