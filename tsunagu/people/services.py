"""Writes for accounts, memberships and organisations. Each checks the policy itself."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tsunagu.audit import services as audit
from tsunagu.lib.concurrency import save_if_unchanged
from tsunagu.people import access, policy, reach
from tsunagu.people.models import Contact, Grant, Membership, Organisation, Role, User
from tsunagu.places.models import Kind, Place

# A grant opens what a role does not: it is renewed on purpose, not left open.
MAX_GRANT = timedelta(days=366)


def _check_membership(*, manager: User, organisation: Organisation, role: str, districts: list[Place]) -> None:
    if role not in reach.grantable_roles(manager, organisation):
        raise PermissionDenied
    if role == Role.DISTRICT_OFFICER:
        if not districts:
            raise ValidationError(_("区社協地区担当には担当地区を1つ以上選んでください。"))
        for district in districts:
            if district.kind != Kind.DISTRICT or not reach.can(manager, access.MANAGE_PEOPLE, district):
                raise ValidationError(_("担当地区「%(name)s」は選べません。") % {"name": district.name})
    elif districts:
        raise ValidationError(_("担当地区を選べるのは区社協地区担当だけです。"))


def _membership_text(membership: Membership) -> str:
    text = f"{membership.organisation.name}：{membership.get_role_display()}"
    districts = [d.name for d in membership.districts.all()]
    return text + (f"（{'・'.join(districts)}）" if districts else "")


def _home_place(user: User) -> Place | None:
    """Where an account's entries are filed: the place of its first active membership."""
    membership = user.memberships.filter(is_active=True).select_related("organisation__place").order_by("pk").first()
    return membership.organisation.place if membership else None


@transaction.atomic
def user_create(
    *,
    manager: User,
    username: str,
    display_name: str,
    password: str,
    organisation: Organisation,
    role: str,
    display_name_kana: str = "",
    email: str = "",
    districts: list[Place] | None = None,
) -> User:
    """A new account with its first membership; the password is temporary."""
    districts = districts or []
    _check_membership(manager=manager, organisation=organisation, role=role, districts=districts)
    user = User(
        username=username,
        display_name=display_name,
        display_name_kana=display_name_kana,
        email=email,
        must_change_password=True,
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    membership.districts.set(districts)
    audit.record(actor=manager, action="user.create", target=user, place=organisation.place,
                 changes={"username": [None, username], "display_name": [None, display_name],
                          "membership": [None, _membership_text(membership)]})
    return user


@transaction.atomic
def user_update(*, manager: User, user: User, **fields) -> User:
    if not reach.manageable_users(manager).filter(pk=user.pk).exists():
        raise PermissionDenied
    before = audit.snapshot(user, list(fields))
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    audit.record(actor=manager, action="user.update", target=user, place=_home_place(user),
                 changes=audit.diff(before, audit.snapshot(user, list(fields))))
    return user


@transaction.atomic
def user_set_temporary_password(*, manager: User, user: User, password: str) -> None:
    if not reach.manageable_users(manager).filter(pk=user.pk).exists():
        raise PermissionDenied
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit.record(actor=manager, action="user.password", target=user, place=_home_place(user))
    user_unlock(manager=manager, user=user)


def user_unlock(*, manager: User, user: User) -> int:
    """Lift a login lockout; returns how many lockout records were cleared."""
    from axes.utils import reset

    if not reach.manageable_users(manager).filter(pk=user.pk).exists():
        raise PermissionDenied
    cleared = reset(username=user.username) or 0
    if cleared:
        audit.record(actor=manager, action="user.unlock", target=user, place=_home_place(user))
    return cleared


@transaction.atomic
def user_set_active(*, manager: User, user: User, active: bool) -> None:
    """Accounts are switched off, never deleted, so that what they wrote keeps its author."""
    if user.pk == manager.pk:
        raise ValidationError(_("自分のアカウントを無効にすることはできません。"))
    if not reach.manageable_users(manager).filter(pk=user.pk).exists():
        raise PermissionDenied
    changed = user.is_active != active
    user.is_active = active
    user.save(update_fields=["is_active"])
    if changed:
        audit.record(actor=manager, action="user.activate" if active else "user.deactivate", target=user,
                     place=_home_place(user))


@transaction.atomic
def membership_add(
    *, manager: User, user: User, organisation: Organisation, role: str, districts: list[Place] | None = None
) -> Membership:
    districts = districts or []
    if not reach.manageable_users(manager).filter(pk=user.pk).exists():
        raise PermissionDenied
    _check_membership(manager=manager, organisation=organisation, role=role, districts=districts)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"is_active": True}
    )
    if not created:
        if membership.is_active:
            # Adding a membership the person already holds adds districts to it: the form offers
            # only districts this manager may assign, so those it did not show stay (issue 12).
            districts = [*districts, *membership.districts.exclude(pk__in=[d.pk for d in districts])]
        membership.is_active = True
        membership.save(update_fields=["is_active"])
    membership.districts.set(districts)
    policy.forget(user)
    audit.record(actor=manager, action="membership.add", target=user, place=organisation.place,
                 changes={"membership": [None, _membership_text(membership)]})
    return membership


@transaction.atomic
def membership_end(*, manager: User, membership: Membership) -> None:
    if membership.user_id == manager.pk:
        raise ValidationError(_("自分の所属を終了することはできません。ほかの管理者に依頼してください。"))
    if membership.role not in reach.grantable_roles(manager, membership.organisation):
        raise PermissionDenied
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    audit.record(actor=manager, action="membership.end", target=membership.user,
                 place=membership.organisation.place, changes={"membership": [_membership_text(membership), None]})


# --- Organisations ------------------------------------------------------------------------


def _save_contacts(organisation: Organisation, contacts: list[dict]) -> None:
    keep = []
    for data in contacts:
        contact_id = data.pop("id", None)
        if contact_id:
            contact = organisation.contacts.get(pk=contact_id)
            for name, value in data.items():
                setattr(contact, name, value)
        else:
            contact = Contact(organisation=organisation, **data)
        contact.full_clean()
        contact.save()
        keep.append(contact.pk)
    organisation.contacts.exclude(pk__in=keep).delete()


ORGANISATION_FIELDS = ["name", "name_kana", "kind", "place", "postal_code", "address", "phone", "email", "website",
                       "note", "is_active"]


def _organisation_state(organisation: Organisation) -> dict:
    state = audit.snapshot(organisation, ORGANISATION_FIELDS)
    state["contacts"] = [
        " ".join(filter(None, [c.name, c.title, c.phone, c.email, "公開" if c.is_public else "職員のみ"]))
        for c in organisation.contacts.order_by("pk")
    ] if organisation.pk else []
    return state


@transaction.atomic
def organisation_create(*, user: User, contacts: list[dict] | None = None, **fields) -> Organisation:
    organisation = Organisation(**fields)
    if not reach.can(user, access.EDIT_ORGANISATIONS, organisation.place):
        raise PermissionDenied
    organisation.full_clean()
    organisation.save()
    _save_contacts(organisation, contacts or [])
    audit.record(actor=user, action="organisation.create", target=organisation, place=organisation.place,
                 changes=audit.diff({}, _organisation_state(organisation)))
    return organisation


@transaction.atomic
def organisation_update(
    *, user: User, organisation: Organisation, seen_version: int | None, contacts: list[dict] | None = None, **fields
) -> Organisation:
    if not reach.can(user, access.EDIT_ORGANISATIONS, organisation):
        raise PermissionDenied
    new_place = fields.get("place", organisation.place)
    if not reach.can(user, access.EDIT_ORGANISATIONS, new_place):
        raise PermissionDenied
    before = _organisation_state(organisation)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    save_if_unchanged(organisation, seen_version)
    if contacts is not None:
        _save_contacts(organisation, contacts)
    audit.record(actor=user, action="organisation.update", target=organisation, place=organisation.place,
                 changes=audit.diff(before, _organisation_state(organisation)))
    return organisation


# --- Grants -------------------------------------------------------------------------------


def _grant_text(grant: Grant) -> str:
    action = policy.action_or_none(grant.action)
    return f"{action.label if action else grant.action}｜{grant.place}｜{grant.starts_on:%Y-%m-%d}〜{grant.ends_on:%Y-%m-%d}｜{grant.reason}"


@transaction.atomic
def grant_create(*, granter: User, user: User, action: str, place, reason: str, ends_on: date,
                 starts_on: date | None = None) -> Grant:
    """Give one person one declared-grantable action over a place's subtree until a date. The
    granter must be allowed to grant it there and to manage the person; the reason is required,
    because whoever reads the audit later must be able to tell why the door was opened."""
    declared = policy.action_named(action)
    if not policy.can_grant(granter, declared, place) or not reach.manageable_users(granter).filter(pk=user.pk).exists():
        raise PermissionDenied
    starts_on = starts_on or timezone.localdate()
    errors = []
    if not reason.strip():
        errors.append(_("理由を書いてください。あとで記録を読む人が、なぜ許可したのかわかるようにします。"))
    if ends_on < starts_on:
        errors.append(_("終了日が開始日より前になっています。"))
    if ends_on > starts_on + MAX_GRANT:
        errors.append(_("個別の許可は最長1年です。続ける場合は、期限が来たときに改めて許可してください。"))
    if errors:
        raise ValidationError(errors)
    grant = Grant.objects.create(user=user, action=declared.name, place=place, reason=reason.strip(),
                                 starts_on=starts_on, ends_on=ends_on, granted_by=granter)
    policy.forget(user)
    audit.record(actor=granter, action="grant.create", target=user, place=place,
                 changes={"grant": [None, _grant_text(grant)]})
    return grant


@transaction.atomic
def grant_revoke(*, granter: User, grant: Grant) -> None:
    """End a grant before its date. Whoever may grant the action there may revoke it."""
    grant = Grant.objects.select_for_update().select_related("place", "user").get(pk=grant.pk)
    action = policy.action_or_none(grant.action)
    # A grant of an action nobody declares any more can still be ended, by those who manage people there.
    allowed = (policy.can_grant(granter, action, grant.place) if action
               else reach.can(granter, access.MANAGE_PEOPLE, grant.place))
    if not allowed:
        raise PermissionDenied
    if grant.revoked_at is not None:
        return
    grant.revoked_at, grant.revoked_by = timezone.now(), granter
    grant.save(update_fields=["revoked_at", "revoked_by"])
    policy.forget(grant.user)
    audit.record(actor=granter, action="grant.revoke", target=grant.user, place=grant.place,
                 changes={"grant": [_grant_text(grant), None]})
