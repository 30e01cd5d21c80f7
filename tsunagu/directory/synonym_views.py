"""The screen for the search's synonym list (検索の言いかえ): the city's administrators only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tsunagu.directory import access, synonyms
from tsunagu.people import policy


@login_required
def synonym_list(request):
    if not policy.can_anywhere(request.user, access.EDIT_SYNONYMS):
        raise Http404
    groups = synonyms.current()
    # The list this form starts from: a save is refused if it changed meanwhile (after a refusal,
    # the list as it is now, shown beside the person's own text).
    started_from = synonyms.fingerprint(groups)
    form = synonyms.SynonymsForm(request.POST or None, initial={"text": synonyms.as_text(groups)})
    if request.method == "POST" and form.is_valid():
        try:
            synonyms.synonyms_save(user=request.user, groups=form.cleaned_data["text"],
                                   started_from=form.cleaned_data["started_from"])
        except synonyms.ListChanged:
            form.add_error(None, _("この一覧は、開いている間にほかの人が変更しました。下の「いまの一覧」を確かめてから、"
                                   "もう一度変更してください。"))
            return render(request, "directory/synonyms.html", {
                "form": form, "groups": groups, "started_from": started_from, "conflict": True}, status=409)
        # The search follows at once (spelling the words out); the background work only makes
        # it fast again (search.py, "Synonym groups in search_text").
        messages.success(request, _("検索の言いかえを保存しました。検索にはすぐに反映されます。"
                                    "検索を速く保つための準備を裏で行っています（資源の数により数分かかります）。"))
        return redirect("directory:synonyms")
    return render(request, "directory/synonyms.html", {"form": form, "groups": groups, "started_from": started_from})
