from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.audit.models import AuditEntry
from tsunagu.lib.concurrency import EditConflict
from tsunagu.lib.lookup import one_or_404
from tsunagu.people import access, policy, reach, services
from tsunagu.people.forms import (
    ContactFormSet,
    GrantForm,
    MembershipFields,
    OrganisationFilterForm,
    OrganisationForm,
    TemporaryPasswordForm,
    UserCreateForm,
    UserEditForm,
)
from tsunagu.people.models import Grant

# --- Organisations -------------------------------------------------------------------------


@login_required
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = reach.organisations(request.user).select_related("place")
    place = None
    if request.GET.get("place"):
        place = reach.get_place(request.user, request.GET["place"])
        organisations = organisations.filter(place__path__startswith=place.path)
    if form.is_valid():
        organisations = organisations.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            organisations = organisations.filter(kind=form.cleaned_data["kind"])
    page = Paginator(organisations.order_by("place__path", "kind", "name_kana", "name"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "people/organisation_list.html",
        {"form": form, "page": page, "place": place,
         "can_add": policy.can_anywhere(request.user, access.EDIT_ORGANISATIONS)},
    )


@login_required
def organisation_detail(request, pk: int):
    organisation = reach.get_organisation(request.user, pk)
    members = organisation.memberships.active().select_related("user").order_by("role")
    return render(
        request,
        "people/organisation_detail.html",
        {
            "organisation": organisation,
            "contacts": organisation.contacts.all(),
            "members": members,
            "can_edit": reach.can(request.user, access.EDIT_ORGANISATIONS, organisation),
            "history": AuditEntry.objects.about(organisation)[:20]
            if reach.can(request.user, access.EDIT_ORGANISATIONS, organisation)
            else [],
        },
    )


def _contacts_from(formset) -> list[dict]:
    contacts = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        data = {k: form.cleaned_data[k] for k in ("name", "title", "phone", "email", "is_public")}
        if form.instance.pk:
            data["id"] = form.instance.pk
        contacts.append(data)
    return contacts


@login_required
def organisation_create(request):
    if not policy.can_anywhere(request.user, access.EDIT_ORGANISATIONS):
        raise Http404
    initial = {}
    if request.GET.get("place"):
        initial["place"] = reach.get_place(request.user, request.GET["place"], access.EDIT_ORGANISATIONS)
    form = OrganisationForm(request.POST or None, user=request.user, initial=initial)
    formset = ContactFormSet(request.POST or None, prefix="contacts")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            organisation = services.organisation_create(user=request.user, contacts=_contacts_from(formset), **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("「%(name)s」を登録しました。") % {"name": organisation.name})
            return redirect("people:organisation_detail", pk=organisation.pk)
    return render(request, "people/organisation_form.html", {"form": form, "formset": formset})


@login_required
def organisation_edit(request, pk: int):
    organisation = reach.get_organisation(request.user, pk, access.EDIT_ORGANISATIONS)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    formset = ContactFormSet(request.POST or None, instance=organisation, prefix="contacts")
    conflict = None
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.organisation_update(
                user=request.user,
                organisation=organisation,
                seen_version=form.cleaned_data.get("version"),
                contacts=_contacts_from(formset),
                **data,
            )
        except EditConflict as exc:
            conflict = exc.current
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("「%(name)s」を保存しました。") % {"name": organisation.name})
            return redirect("people:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "people/organisation_form.html",
        {"form": form, "formset": formset, "organisation": organisation, "conflict": conflict},
    )


# --- People (accounts and memberships) -----------------------------------------------------


def _require_manager(request):
    if not policy.can_anywhere(request.user, access.MANAGE_PEOPLE):
        raise Http404


@login_required
def person_list(request):
    _require_manager(request)
    query = request.GET.get("q", "").strip()
    users = reach.manageable_users(request.user).prefetch_related("memberships__organisation")
    if query:
        from django.db.models import Q

        users = users.filter(
            Q(username__icontains=query) | Q(display_name__icontains=query) | Q(display_name_kana__icontains=query)
        )
    page = Paginator(users.order_by("display_name_kana", "username"), 50).get_page(request.GET.get("page"))
    return render(request, "people/person_list.html", {"page": page, "query": query})


@login_required
def person_detail(request, pk: int):
    _require_manager(request)
    person = reach.get_manageable_user(request.user, pk)
    from axes.models import AccessAttempt

    locked = AccessAttempt.objects.filter(username=person.username).exists()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("organisation__place").prefetch_related("districts"),
            "locked": locked,
            "membership_form": MembershipFields(manager=request.user, prefix="m"),
            "password_form": TemporaryPasswordForm(),
            "history": AuditEntry.objects.about(person)[:20],
            "grants": _grants_of(request.user, person),
            "grant_form": GrantForm(granter=request.user, prefix="g") if policy.grantable_actions(request.user) else None,
        },
    )


def _grants_of(viewer, person) -> list[dict]:
    """The person's grants, newest end first, each with its state in words and whether the viewer
    may revoke it (an expired or revoked grant stays listed: the page is their record)."""
    today = timezone.localdate()
    rows = []
    for grant in person.grants.select_related("place", "granted_by", "revoked_by"):
        action = policy.action_or_none(grant.action)
        if grant.revoked_at:
            state = _("取り消し済み")
        elif grant.ends_on < today:
            state = _("期限切れ")
        elif grant.starts_on > today:
            state = _("開始前")
        else:
            state = _("有効")
        rows.append({"grant": grant, "label": action.label if action else grant.action, "state": state,
                     "can_revoke": bool(action) and grant.revoked_at is None and grant.ends_on >= today
                     and policy.can_grant(viewer, action, grant.place)})
    return rows


@login_required
@require_POST
def grant_add(request, pk: int):
    _require_manager(request)
    person = reach.get_manageable_user(request.user, pk)
    form = GrantForm(request.POST, granter=request.user, prefix="g")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_create(granter=request.user, user=person, action=data["action"], place=data["place"],
                                  reason=data["reason"], ends_on=data["ends_on"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except PermissionDenied:
            messages.error(request, _("この場所でこの操作を許可することはできません。"))
        else:
            messages.success(request, _("個別の許可を付与しました。"))
    else:
        messages.error(request, _("個別の許可を付与できませんでした：") + " ".join(
            f"{form.fields[f].label if f in form.fields else ''} {' '.join(e)}" for f, e in form.errors.items()))
    return redirect("people:person_detail", pk=person.pk)


@login_required
@require_POST
def grant_revoke(request, pk: int):
    _require_manager(request)
    grant = one_or_404(Grant.objects.filter(user__in=reach.manageable_users(request.user)), pk)
    try:
        services.grant_revoke(granter=request.user, grant=grant)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("個別の許可を取り消しました。"))
    return redirect("people:person_detail", pk=grant.user_id)


@login_required
def person_create(request):
    _require_manager(request)
    form = UserCreateForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.user_create(
                manager=request.user,
                username=data["username"],
                display_name=data["display_name"],
                display_name_kana=data["display_name_kana"],
                email=data["email"],
                password=data["password"],
                organisation=data["organisation"],
                role=data["role"],
                districts=list(data["districts"]),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("%(name)s さんのアカウントを作りました。") % {"name": person})
            return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form})


@login_required
def person_edit(request, pk: int):
    _require_manager(request)
    person = reach.get_manageable_user(request.user, pk)
    form = UserEditForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        services.user_update(manager=request.user, user=person, **form.cleaned_data)
        messages.success(request, _("保存しました。"))
        return redirect("people:person_detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
@require_POST
def person_password(request, pk: int):
    _require_manager(request)
    person = reach.get_manageable_user(request.user, pk)
    form = TemporaryPasswordForm(request.POST)
    if form.is_valid():
        try:
            services.user_set_temporary_password(manager=request.user, user=person, password=form.cleaned_data["password"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("仮パスワードを設定しました。本人に安全な方法で伝えてください。"))
    return redirect("people:person_detail", pk=person.pk)


@login_required
@require_POST
def person_unlock(request, pk: int):
    _require_manager(request)
    person = reach.get_manageable_user(request.user, pk)
    services.user_unlock(manager=request.user, user=person)
    messages.success(request, _("ログインのロックを解除しました。"))
    return redirect("people:person_detail", pk=person.pk)


@login_required
@require_POST
def person_set_active(request, pk: int):
    _require_manager(request)
    person = reach.get_manageable_user(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(manager=request.user, user=person, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("アカウントを有効にしました。") if active else _("アカウントを無効にしました。"))
    return redirect("people:person_detail", pk=person.pk)


@login_required
@require_POST
def membership_add(request, pk: int):
    _require_manager(request)
    person = reach.get_manageable_user(request.user, pk)
    form = MembershipFields(request.POST, manager=request.user, prefix="m")
    if form.is_valid():
        try:
            services.membership_add(
                manager=request.user,
                user=person,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                districts=list(form.cleaned_data["districts"]),
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [_("この所属は追加できません。")])))
        else:
            messages.success(request, _("所属を追加しました。"))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("people:person_detail", pk=person.pk)


@login_required
@require_POST
def membership_end(request, pk: int):
    _require_manager(request)
    membership = reach.get_manageable_membership(request.user, pk)
    try:
        services.membership_end(manager=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("所属を終了しました。"))
    return redirect("people:person_detail", pk=membership.user_id)
