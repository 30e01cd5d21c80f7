"""Screens for the category tree: the city's administrators add, rename, move and remove categories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tsunagu.directory import access, categories
from tsunagu.directory.models import Category
from tsunagu.people import policy


def _admin_only(request) -> None:
    if not policy.can_anywhere(request.user, access.EDIT_CATEGORIES):
        raise Http404


@login_required
def category_list(request):
    _admin_only(request)
    counts = dict(Category.objects.annotate(n=Count("listings")).values_list("pk", "n"))
    rows = [(c, level, counts.get(c.pk, 0)) for c, level in categories.tree()]
    return render(request, "directory/category_list.html", {"rows": rows})


def _edit(request, category: Category | None):
    _admin_only(request)
    form = categories.CategoryForm(request.POST or None, instance=category,
                                   initial=None if category else {"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        saved = categories.category_save(user=request.user, form=form)
        messages.success(request, _("分類「%(name)s」を保存しました。") % {"name": saved.name})
        return redirect("directory:categories")
    return render(request, "directory/category_form.html", {"form": form, "category": category})


@login_required
def category_create(request):
    return _edit(request, None)


@login_required
def category_edit(request, pk: int):
    _admin_only(request)
    return _edit(request, get_object_or_404(Category, pk=pk))


@login_required
@require_POST
def category_delete(request, pk: int):
    _admin_only(request)
    category = get_object_or_404(Category, pk=pk)
    try:
        categories.category_delete(user=request.user, category=category)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("directory:category_edit", pk=pk)
    messages.success(request, _("分類「%(name)s」を削除しました。") % {"name": category.name})
    return redirect("directory:categories")
