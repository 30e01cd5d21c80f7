"""Long work on the task framework: queued in the database and run by a worker; the outcome
commits with the work; a job whose worker died is cut off (中断) at once and retried in one click."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tsunagu.jobs.models import Job, Worker, process_alive, this_worker, worker_alive
from tsunagu.jobs.services import job_start, register, retry, sweep
from tsunagu.places.models import Kind, Place

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@register("test-write-then-crash")
def _write_then_crash(job, progress):
    with transaction.atomic():
        Place.objects.create(kind=Kind.DISTRICT, code="TEST-1", name="書いた地区")
        raise RuntimeError("after the rows")


@register("test-write-and-finish")
def _write_and_finish(job, progress):
    with transaction.atomic():
        Place.objects.create(kind=Kind.DISTRICT, code="TEST-2", name="書いた地区")
        progress.keep({"written": 1})
        progress.finish()


@register("test-write-after-a-retry")
def _write_after_a_retry(job, progress):
    # Another click retried this job while it ran: its late finish must roll its rows back.
    Job.objects.filter(pk=job.pk).update(attempt=job.attempt + 1, state=Job.State.QUEUED)
    with transaction.atomic():
        Place.objects.create(kind=Kind.DISTRICT, code="TEST-3", name="書いた地区")
        progress.finish()


def dead_worker() -> str:
    """The name of a worker process on this host that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return f"{socket.gethostname()}:{child.pid}:1"


def test_an_exception_after_the_rows_writes_nothing_and_says_so(world):
    job = job_start(user=world.naka_1so, kind="test-write-then-crash", title="書く")
    assert job.state == Job.State.FAILED and "何も変更されていません" in job.error
    assert not Place.objects.filter(code="TEST-1").exists()


def test_rows_and_the_done_state_commit_together(world):
    job = job_start(user=world.naka_1so, kind="test-write-and-finish", title="書く")
    assert job.state == Job.State.DONE and job.result == {"written": 1} and job.finished_at
    assert Place.objects.filter(code="TEST-2").count() == 1


def test_a_finish_after_the_job_was_retried_rolls_the_work_back(world):
    job = job_start(user=world.naka_1so, kind="test-write-after-a-retry", title="書く")
    assert not Place.objects.filter(code="TEST-3").exists()
    assert job.state == Job.State.QUEUED and job.attempt == 2


def test_a_job_whose_worker_died_is_cut_off_at_once_and_retried_with_one_click(world, as_user):
    job = Job.objects.create(owner=world.naka_1so, kind="test-write-and-finish", title="書く",
                             state=Job.State.RUNNING, worker=dead_worker())
    client = as_user(world.naka_1so)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "中断" in page and "hx-trigger" not in page and "何も変更されていません" in page
    assert reverse("jobs:retry", args=[job.pk]) in page and "もう一度実行する" in page
    response = client.post(reverse("jobs:retry", args=[job.pk]), {"next": reverse("jobs:detail", args=[job.pk])})
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.attempt == 2
    assert Place.objects.filter(code="TEST-2").count() == 1


def test_retry_refuses_a_job_that_still_runs_or_is_done_and_other_peoples_jobs(world, as_user):
    running = Job.objects.create(owner=world.naka_1so, kind="test-write-and-finish", title="書く",
                                 state=Job.State.RUNNING, worker=this_worker())
    done = job_start(user=world.naka_1so, kind="test-write-and-finish", title="書く")
    assert not retry(running) and not retry(done)
    client = as_user(world.naka_1so)
    client.post(reverse("jobs:retry", args=[running.pk]))
    running.refresh_from_db()
    assert running.state == Job.State.RUNNING and running.attempt == 1
    assert client.get(reverse("jobs:retry", args=[running.pk])).status_code == 405
    dead = Job.objects.create(owner=world.naka_1so, kind="test-write-and-finish", title="書く",
                              state=Job.State.RUNNING, worker=dead_worker())
    assert as_user(world.isogo_1so).post(reverse("jobs:retry", args=[dead.pk])).status_code == 404


def test_liveness_of_workers_here_and_on_other_hosts(db):
    assert process_alive(this_worker()) is True and worker_alive(this_worker())
    assert process_alive(dead_worker()) is False and not worker_alive(dead_worker())
    # A process of the same pid started later is not the worker.
    host, pid, _ticks = this_worker().split(":")
    assert not worker_alive(f"{host}:{pid}:1")
    elsewhere = "other-host:123:456"
    assert process_alive(elsewhere) is None and not worker_alive(elsewhere)
    Worker.objects.create(name=elsewhere)
    assert worker_alive(elsewhere)
    Worker.objects.filter(name=elsewhere).update(seen_at=timezone.now() - timezone.timedelta(seconds=31))
    assert not worker_alive(elsewhere)


def test_a_starting_worker_marks_the_jobs_of_dead_workers_as_cut_off(world):
    dead = Job.objects.create(owner=world.naka_1so, kind="test-count", title="a", state=Job.State.RUNNING,
                              worker=dead_worker())
    alive = Job.objects.create(owner=world.naka_1so, kind="test-count", title="b", state=Job.State.RUNNING,
                               worker=this_worker())
    assert sweep() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.state == Job.State.INTERRUPTED and dead.interrupted and alive.state == Job.State.RUNNING


@pytest.mark.django_db(transaction=True)
def test_work_is_queued_in_the_database_and_a_worker_runs_it_later(settings, django_user_model, client):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_BACKEND
    user = django_user_model.objects.create_user(username="queued", password="x-very-long-pass-1")
    with transaction.atomic():
        job = job_start(user=user, kind="test-write-and-finish", title="書く")
        assert DBTaskResult.objects.count() == 1  # in the same transaction as the Job row
    assert job.state == Job.State.QUEUED and not Place.objects.filter(code="TEST-2").exists()
    client.force_login(user)
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "順番を待っています" in page and "hx-trigger" in page
    call_command("worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and Place.objects.filter(code="TEST-2").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_request_that_fails_after_job_start_queues_nothing(settings, django_user_model):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_BACKEND
    user = django_user_model.objects.create_user(username="rolled", password="x-very-long-pass-1")
    with pytest.raises(RuntimeError), transaction.atomic():
        job_start(user=user, kind="test-write-and-finish", title="書く")
        raise RuntimeError("the request failed")
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()


def _commit_job(user, rows=5):
    from tsunagu.directory import importers

    lines = ["活動名,区,住所"] + [f"サロン{i},中区,山下町{i}" for i in range(rows)]
    path = importers.store_upload(("\r\n".join(lines) + "\r\n").encode(), "a.csv")
    return job_start(user=user, kind=importers.JOB_KIND, title="取り込み", params={
        "step": "commit", "path": path, "filename": "a.csv", "mapping": {"活動名": "name", "区": "ward", "住所": "address"},
        "categories": [], "visibility": "draft", "update_duplicates": False, "skip_errors": False,
        "expected_errors": []})


def test_an_import_that_fails_after_writing_its_rows_writes_nothing_and_says_so(world, monkeypatch):
    from tsunagu.directory import search
    from tsunagu.directory.models import Listing

    def broken(*args, **kwargs):
        raise RuntimeError("the index could not be rebuilt")

    monkeypatch.setattr(search, "rebuild_index", broken)
    job = _commit_job(world.admin)
    assert job.state == Job.State.FAILED and "何も変更されていません" in job.error
    assert not Listing.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_rows_committed_is_done_whatever_follows(world, monkeypatch):
    # What comes after the writing transaction (removing the upload) cannot turn written rows
    # into a job that says nothing was changed — the outcome committed with the rows.
    from tsunagu.directory import importers
    from tsunagu.directory.models import Listing

    def broken(name):
        raise OSError("the disk said no")

    monkeypatch.setattr(importers, "forget_upload", broken)
    job = _commit_job(world.admin)  # no test transaction around it: the import's commits for real
    assert Listing.objects.count() == 5
    assert job.state == Job.State.DONE and job.error == "" and job.result["created"] == 5


def test_a_starting_worker_marks_the_task_records_of_dead_workers_failed(db):
    from django_tasks_db.models import DBTaskResult

    def record(worker_id):
        return DBTaskResult.objects.create(status="RUNNING", args_kwargs={"args": [], "kwargs": {}},
                                           task_path="tsunagu.jobs.services.run_job", backend_name="default",
                                           run_after=timezone.now(), worker_ids=[worker_id])

    dead, alive, unknown = record(dead_worker()), record(this_worker()), record("a1B2c3D4e5F6g7H8")
    sweep()
    states = {r.pk: r.status for r in DBTaskResult.objects.all()}
    assert states == {dead.pk: "FAILED", alive.pk: "RUNNING", unknown.pk: "RUNNING"}
