"""What the public search offers to choose from: the wards, the CP areas, the categories (with
their marks for the result cards) and the pillars' tree on the first page.

Every public page asked the database for these and built them anew — 18 wards, 140 CP areas,
two dozen categories — which cost more than finding the listings. They change a few times a
year, so they are kept in Django's cache: cleared here when a category or place is saved or
deleted, and at most CACHE_SECONDS old in other processes (with a shared cache such as Redis,
not even that).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

CACHE_KEY = "directory:public-choices"
CACHE_SECONDS = 60


@dataclass(frozen=True)
class Choices:
    wards: list[tuple[int, str]]
    # "CP area（ward）", in the places tree's order.
    areas: list[tuple[int, str]]
    # Every category in the tree's order (each pillar followed by its categories), indented by depth.
    categories: list[tuple[int, str]]
    # pk → (icon, name, position in the tree's order), for the result cards.
    marks: dict[int, tuple[str, str, int]]
    # [(icon, name, [(pk, icon, name), …]), …] for 「分類からさがす」.
    pillars: list[tuple[str, str, list[tuple[int, str, str]]]]

    def marks_of(self, category_pks) -> list[tuple[str, str]]:
        """(icon, name) of these categories in the tree's order, unknown ones left out."""
        known = sorted((self.marks[pk] for pk in set(category_pks) if pk in self.marks), key=lambda m: m[2])
        return [(icon, name) for icon, name, _position in known]


def public_choices() -> Choices:
    choices = cache.get(CACHE_KEY)
    if choices is None:
        choices = _build()
        cache.set(CACHE_KEY, choices, CACHE_SECONDS)
    return choices


def _build() -> Choices:
    from tsunagu.directory.models import Category
    from tsunagu.places.models import Kind, Place

    wards = list(Place.objects.filter(kind=Kind.WARD).order_by("code").values_list("pk", "name"))
    areas = [(pk, f"{name}（{ward}）") for pk, name, ward
             in Place.objects.filter(kind=Kind.CP_AREA).order_by("path").values_list("pk", "name", "parent__name")]
    rows = list(Category.objects.values_list("pk", "name", "icon", "parent_id"))  # by (sort_order, pk)
    children: dict[int | None, list[tuple[int, str, str, int | None]]] = {}
    for row in rows:
        children.setdefault(row[3], []).append(row)
    # Depth first: each pillar, then what is under it (sort_order counts within a parent).
    tree: list[tuple[int, str, str, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for pk, name, icon, _parent in children.get(parent, []):
            tree.append((pk, name, icon, depth))
            walk(pk, depth + 1)

    walk(None, 0)
    return Choices(
        wards=wards,
        areas=areas,
        categories=[(pk, "　" * depth + name) for pk, name, _icon, depth in tree],
        marks={pk: (icon, name, position) for position, (pk, name, icon, _depth) in enumerate(tree)},
        pillars=[(icon, name, [(child, child_icon, child_name) for child, child_name, child_icon, _p in children.get(pk, [])])
                 for pk, name, icon, _parent in children.get(None, [])],
    )


def forget(**_kwargs) -> None:
    cache.delete(CACHE_KEY)


def connect() -> None:
    from tsunagu.directory.models import Category
    from tsunagu.places.models import Place

    for model in (Category, Place):
        for signal in (post_save, post_delete):
            signal.connect(forget, sender=model, dispatch_uid=f"public-choices-{signal is post_save}-{model.__name__}")
