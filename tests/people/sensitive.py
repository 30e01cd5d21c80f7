"""A stand-in for the first sensitive capability (watch-over, later): an action nobody reaches by
role, grantable by a 1層Co over their ward and by the city's administrators, every look audited;
and a page that shows a memo through it. Used as ROOT_URLCONF by tests/people/test_grants.py,
which declares the action only for its own tests (the role × action table must not list it)."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import include, path

from tsunagu.lib.lookup import one_or_404
from tsunagu.memos.models import Memo
from tsunagu.people import policy

SENSITIVE = policy.Action(
    "test.sensitive", "（試験用）保護された記録を見る", roles={},
    grantable_by={"ward_coordinator": policy.WARD, "city_admin": policy.CITY}, audited=True,
)


def sensitive_memo(request, pk: int):
    memo = one_or_404(Memo.objects.live().filter(policy.within(request.user, SENSITIVE)), pk)
    policy.record_look(request.user, SENSITIVE, memo)
    return HttpResponse(memo.content, content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("test-sensitive/<int:pk>/", sensitive_memo, name="test_sensitive"),
    path("", include("tsunagu.urls")),
]
