"""Long work: progress, results, failures, and nobody sees another person's job."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tsunagu.jobs.models import Job
from tsunagu.jobs.services import JobFailed, job_start, register


@register("test-count")
def _count(job, progress):
    for i in range(job.params["n"]):
        progress(i + 1, job.params["n"], "数えています")
    progress.attach("count.txt", f"{job.params['n']}件".encode())
    progress.go_to("/directory/")


@register("test-refuse")
def _refuse(job, progress):
    raise JobFailed("3行目：区が読めません。")


@register("test-crash")
def _crash(job, progress):
    raise RuntimeError("a bug, not for the person")


def test_a_job_reports_progress_and_hands_over_its_file(world, as_user):
    job = job_start(user=world.naka_1so, kind="test-count", title="数える", params={"n": 7})
    assert job.state == Job.State.DONE and job.done == 7 and job.total == 7 and job.percent == 100
    client = as_user(world.naka_1so)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "count.txt をダウンロード" in page and 'href="/directory/"' in page
    response = client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(response.streaming_content).decode() == "7件"
    assert "count.txt" in response["Content-Disposition"]


def test_a_refusal_is_shown_in_the_words_of_the_work(world, as_user):
    job = job_start(user=world.naka_1so, kind="test-refuse", title="読み込み")
    assert job.state == Job.State.FAILED
    page = as_user(world.naka_1so).get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "3行目：区が読めません。" in page
    assert as_user(world.naka_1so).get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_a_crash_shows_a_plain_japanese_message_not_the_error(world, as_user):
    job = job_start(user=world.naka_1so, kind="test-crash", title="壊れる")
    assert job.state == Job.State.FAILED
    assert "a bug" not in job.error and "中止しました" in job.error


@pytest.mark.parametrize("other", ["admin", "minosawa_2so", "isogo_1so", "nobody"])
def test_another_persons_job_is_a_404(world, as_user, other):
    job = job_start(user=world.naka_1so, kind="test-count", title="数える", params={"n": 1})
    client = as_user(getattr(world, other))
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    job = job_start(user=world.naka_1so, kind="test-count", title="数える", params={"n": 1})
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_running_job_polls_itself_while_its_worker_lives(world, as_user):
    from tsunagu.jobs.models import this_worker

    job = Job.objects.create(owner=world.naka_1so, kind="test-count", title="数える", state=Job.State.RUNNING,
                             done=3, total=10, message="数えています", worker=this_worker())
    client = as_user(world.naka_1so)
    partial = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" in partial and "3 / 10" in partial and "<html" not in partial
    # Long silence alone is not a sign of death: the worker is alive.
    Job.objects.filter(pk=job.pk).update(updated_at=job.updated_at.replace(year=2000))
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "hx-trigger" in page and "中断" not in page
