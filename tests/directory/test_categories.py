"""The category tree: only the city's administrators change it; nothing in use is deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.audit.models import AuditEntry
from tsunagu.directory.models import Category

NOT_ADMINS = ["naka_1so", "naka_ward", "minosawa_2so", "minosawa_staff", "naka_cm", "isogo_1so", "nobody"]


@pytest.fixture
def salon(db):
    return Category.objects.get(code="salon")


def test_the_admin_sees_the_tree_with_pillars_first_and_counts(world, as_user, listings):
    html = as_user(world.admin).get(reverse("directory:categories")).content.decode()
    html = html[html.index("<tbody>"):]
    assert html.index("交流・居場所") < html.index("サロン") < html.index("生活支援")
    assert "移動販売" in html


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_everyone_else_gets_404(world, as_user, salon, role):
    client = as_user(getattr(world, role))
    for url in [reverse("directory:categories"), reverse("directory:category_create"),
                reverse("directory:category_edit", args=[salon.pk])]:
        assert client.get(url).status_code == 404
    assert client.post(reverse("directory:category_delete", args=[salon.pk])).status_code == 404
    assert client.post(reverse("directory:category_edit", args=[salon.pk]), {"name": "乗っ取り"}).status_code == 404
    assert Category.objects.get(pk=salon.pk).name == "サロン"


def test_anonymous_visitors_are_sent_to_log_in(client, salon):
    response = client.get(reverse("directory:categories"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_admin_adds_a_category_under_a_pillar_with_a_code_made_for_it(world, as_user):
    pillar = Category.objects.get(code="kouryu")
    response = as_user(world.admin).post(reverse("directory:category_create"), {
        "parent": pillar.pk, "name": "ボッチャ", "name_kana": "ぼっちゃ", "code": "", "icon": "🎯",
        "description": "", "sort_order": 9})
    assert response.status_code == 302
    made = Category.objects.get(name="ボッチャ")
    assert made.parent == pillar and made.code == "boccha"
    assert AuditEntry.objects.filter(action="category.create", target_id=made.pk).exists()


def test_a_made_up_code_that_is_taken_gets_a_number(world, as_user):
    Category.objects.create(parent=Category.objects.get(code="kouryu"), code="boccha", name="ボッチャA")
    as_user(world.admin).post(reverse("directory:category_create"), {
        "parent": "", "name": "ボッチャB", "name_kana": "ボッチャ", "code": "", "icon": "", "description": "",
        "sort_order": 0})
    assert Category.objects.get(name="ボッチャB").code == "boccha-2"


def test_moving_a_category_under_its_own_child_is_not_offered(world, as_user):
    pillar = Category.objects.get(code="kouryu")
    form = as_user(world.admin).get(reverse("directory:category_edit", args=[pillar.pk])).context["form"]
    choices = set(form.fields["parent"].queryset.values_list("code", flat=True))
    assert "kouryu" not in choices and "salon" not in choices and "seikatsu" in choices


def test_a_category_in_use_is_not_deleted_and_the_reason_is_given(world, as_user, listings, salon):
    response = as_user(world.admin).post(reverse("directory:category_delete", args=[salon.pk]), follow=True)
    assert "使っているため削除できません" in response.content.decode()
    assert Category.objects.filter(pk=salon.pk).exists()


def test_a_pillar_with_children_is_not_deleted(world, as_user):
    pillar = Category.objects.get(code="kouryu")
    response = as_user(world.admin).post(reverse("directory:category_delete", args=[pillar.pk]), follow=True)
    assert "下に分類があるため" in response.content.decode()
    assert Category.objects.filter(pk=pillar.pk).exists()


def test_an_unused_category_is_deleted_and_the_deletion_recorded(world, as_user):
    spare = Category.objects.create(parent=Category.objects.get(code="seikatsu"), code="spare", name="予備")
    as_user(world.admin).post(reverse("directory:category_delete", args=[spare.pk]))
    assert not Category.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.filter(action="category.delete", target_repr="予備").exists()
