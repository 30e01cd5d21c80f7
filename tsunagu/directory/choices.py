"""What the public search offers to choose from: the wards, the CP areas, the categories (with
their marks for the result cards) and the pillars' tree on the first page.

Every public page asked the database for these and built them anew — 18 wards, 140 CP areas,
two dozen categories — which cost more than finding the listings. They change a few times a
year, so they are kept in Django's cache: cleared here when a category or place is saved or
deleted, and at most CACHE_SECONDS old in other processes (with a shared cache such as Redis,
not even that).
"""

from __future__ import annotations

from bisect import bisect_left
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
    # Ward or CP area pk → the pks of it and every place under it (ListingQuerySet.within).
    under: dict[int, list[int]]
    # Category pk → it and its children (ListingQuerySet.in_categories).
    family: dict[int, list[int]]

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
    from tsunagu.directory.categories import tree
    from tsunagu.places.models import Kind, Place

    wards = list(Place.objects.filter(kind=Kind.WARD).order_by("code").values_list("pk", "name"))
    areas = [(pk, f"{name}（{ward}）") for pk, name, ward
             in Place.objects.filter(kind=Kind.CP_AREA).order_by("path").values_list("pk", "name", "parent__name")]
    # A place's subtree is the run of paths that start with its own ("/1/125/" … "/1/125/9/"):
    # one sorted list and two bisections each, not a query per ward.
    places = sorted(Place.objects.values_list("path", "pk", "kind"))
    paths = [path for path, _pk, _kind in places]
    under = {pk: [other for _path, other, _kind in places[bisect_left(paths, path):bisect_left(paths, path + "~")]]
             for path, pk, kind in places if kind in (Kind.WARD, Kind.CP_AREA)}
    ordered = tree()  # each pillar, then what is under it
    family: dict[int, list[int]] = {c.pk: [c.pk] for c, _depth in ordered}
    for category, _depth in ordered:
        if category.parent_id in family:
            family[category.parent_id].append(category.pk)
    pillars: list[tuple[str, str, list[tuple[int, str, str]]]] = []
    for category, depth in ordered:
        if depth == 0:
            pillars.append((category.icon, category.name, []))
        elif depth == 1 and pillars:
            pillars[-1][2].append((category.pk, category.icon, category.name))
    return Choices(
        wards=wards,
        areas=areas,
        categories=[(c.pk, "　" * depth + c.name) for c, depth in ordered],
        marks={c.pk: (c.icon, c.name, position) for position, (c, _depth) in enumerate(ordered)},
        pillars=pillars,
        under=under,
        family=family,
    )


def forget(**_kwargs) -> None:
    cache.delete(CACHE_KEY)


def connect() -> None:
    from tsunagu.directory.models import Category
    from tsunagu.places.models import Place

    for model in (Category, Place):
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(forget, sender=model, dispatch_uid=f"public-choices-{name}-{model.__name__}")
