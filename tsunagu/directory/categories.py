"""The category tree (HSDS taxonomy): the three pillars on top, categories under them, edited by
the city's administrators. A category in use or with children is never deleted: the person is
told why, and can move or rename it instead."""

from __future__ import annotations

import jaconv
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tsunagu.audit import services as audit
from tsunagu.directory.models import Category

FIELDS = ["parent", "code", "name", "name_kana", "description", "icon", "sort_order"]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["parent", "name", "name_kana", "code", "icon", "description", "sort_order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"code": gettext_lazy("半角英数字とハイフン。APIや取り込みで使います。空けておくと自動で付けます。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        # A category hangs under a pillar or a category, never under itself or its own descendants.
        excluded = descendants(self.instance) | {self.instance.pk} if self.instance.pk else set()
        self.fields["parent"].queryset = Category.objects.exclude(pk__in=excluded)
        self.fields["parent"].empty_label = gettext_lazy("（いちばん上：柱）")
        self.fields["parent"].label_from_instance = lambda c: f"{'　' * depth(c)}{c.icon} {c.name}"

    def clean_code(self):
        code = self.cleaned_data.get("code") or ""
        if not code:  # made from the reading, then made unique; a typed code must be unique as typed
            reading = jaconv.kana2alphabet(jaconv.kata2hira(self.cleaned_data.get("name_kana") or ""))
            code = _unique_code(slugify(reading.replace("・", "-"), allow_unicode=False), self.instance)
        return code


def depth(category: Category) -> int:
    level, seen = 0, set()
    while category.parent_id and category.parent_id not in seen:
        seen.add(category.parent_id)
        category = category.parent
        level += 1
    return level


def descendants(category: Category) -> set[int]:
    found, frontier = set(), [category.pk]
    while frontier:
        frontier = list(Category.objects.filter(parent_id__in=frontier).exclude(pk__in=found).values_list("pk", flat=True))
        found.update(frontier)
    return found


def tree() -> list[tuple[Category, int]]:
    """Every category in display order with its depth: pillars, then their children, and so on."""
    categories = list(Category.objects.all())
    children: dict[int | None, list[Category]] = {}
    for c in categories:
        children.setdefault(c.parent_id, []).append(c)
    ordered: list[tuple[Category, int]] = []

    def walk(parent_id, level):
        for c in sorted(children.get(parent_id, []), key=lambda c: (c.sort_order, c.pk)):
            ordered.append((c, level))
            walk(c.pk, level + 1)

    walk(None, 0)
    return ordered


def _unique_code(code: str, instance: Category) -> str:
    base = code or "category"
    candidate, n = base, 2
    while Category.objects.filter(code=candidate).exclude(pk=instance.pk).exists():
        candidate, n = f"{base}-{n}", n + 1
    return candidate


@transaction.atomic
def category_save(*, user, form: CategoryForm) -> Category:
    instance = form.instance
    before = audit.snapshot(Category.objects.get(pk=instance.pk), FIELDS) if instance.pk else {}
    category = form.save()
    after = audit.snapshot(category, FIELDS)
    audit.record(actor=user, action="category.update" if before else "category.create", target=category,
                 changes=audit.diff(before, after))
    return category


@transaction.atomic
def category_delete(*, user, category: Category) -> None:
    if category.children.exists():
        raise ValidationError(_("下に分類があるため削除できません。先に下の分類を移すか削除してください。"))
    used = category.listings.count()
    if used:
        raise ValidationError(
            _("%(n)s件の地域資源がこの分類を使っているため削除できません。名前を変えるか、資源の分類を付け替えてください。")
            % {"n": used}
        )
    audit.record(actor=user, action="category.delete", target=category, changes=audit.diff(
        audit.snapshot(category, FIELDS), {}))
    category.delete()
