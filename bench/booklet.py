"""Benchmark the booklet (冊子): one ward's booklet of N public entries (default 1,000) as the job runs it.

    .venv/bin/python bench/booklet.py --out bench/results/booklet.json
    .venv/bin/python bench/booklet.py --entries 200 --large --pdf /tmp/b.pdf
    .venv/bin/python bench/booklet.py --one-document      # as before it was laid out in parts

On a throwaway SQLite database (removed afterwards): migrate, the Yokohama wards and 町丁目, the
demo, then the demo's public listings copied into 栄区 (its districts in turn) until the ward has
N; then the "booklet" job runs inline, as the page starts it, and the script reports the job's
seconds (wall, and CPU of this process and its worker processes together), the pages, the peak
resident memory of the largest process (Django included) and, laid out in parts, the job's
timings (rounds, the busiest worker's CPU, putting together). The machine is shared: the load
average at the end is written down beside the numbers.

Target (issue 3): a booklet of 1,000 entries ≤ 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--large", action="store_true", help="大きな文字 (large print)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--pdf", type=Path, help="also save the booklet here, to look at its pages")
    parser.add_argument("--one-document", action="store_true",
                        help="lay the booklet out as one document in this process, as below booklet.PARALLEL_FROM")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the job here (slows it down)")
    args = parser.parse_args()

    var = tempfile.mkdtemp(prefix="tsunagu-booklet-bench-")
    # TSUNAGU_DEBUG=1: the developer's settings (no collected static files); DEBUG is turned off below.
    os.environ.update({"TSUNAGU_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "tsunagu.settings", "TSUNAGU_DEBUG": "1",
                       "TSUNAGU_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend"})
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_yokohama", verbosity=0)
    call_command("load_demo", verbosity=0)
    setup_s = time.perf_counter() - started

    from tsunagu.directory import booklet  # (importing it registers the job)

    if args.one_document:
        booklet.PARALLEL_FROM = 10**9
    from tsunagu.directory.models import Listing, Location, Schedule
    from tsunagu.directory.search import rebuild_index
    from tsunagu.jobs.services import job_start
    from tsunagu.people.models import User
    from tsunagu.places.models import Kind, Place

    ward = Place.objects.get(kind=Kind.WARD, name="栄区")
    districts = list(Place.objects.under(ward).filter(kind=Kind.DISTRICT).order_by("path"))
    sources = list(Listing.objects.public().prefetch_related("categories", "schedules").select_related("location"))
    have = Listing.objects.public().under(ward).count()
    made = 0
    while have + made < args.entries:
        source = sources[made % len(sources)]
        copy = Listing.objects.get(pk=source.pk)
        copy.pk = None
        copy.name = f"{source.name}（{made + 1}）"
        copy.place = districts[made % len(districts)]
        if source.location_id:
            location = Location.objects.get(pk=source.location_id)
            location.pk = None
            location.save()
            copy.location = location
        copy.save()
        copy.categories.set(source.categories.all())
        Schedule.objects.bulk_create([Schedule(**{f.name: getattr(s, f.name) for f in Schedule._meta.concrete_fields
                                                  if f.name not in ("id", "listing")}, listing=copy)
                                      for s in source.schedules.all()])
        made += 1
    rebuild_index()
    entries = Listing.objects.public().under(ward).count()

    user = User.objects.get(username="admin")
    params = {"place": ward.pk, "categories": [], "large": args.large, "issuer": "栄区社会福祉協議会",
              "base_url": "https://tsunagu.example.jp"}
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    wall, cpu = time.perf_counter(), time.process_time()
    job = job_start(user=user, kind="booklet", title="bench", params=params)
    seconds = time.perf_counter() - wall
    # The workers that lay a large booklet out in parts are child processes: count them too,
    # once they have ended (the job does not wait for them to exit).
    import multiprocessing

    for child in multiprocessing.active_children():
        child.join()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = time.process_time() - cpu + children.ru_utime + children.ru_stime
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    if args.pdf and job.result_file:
        with job.result_file.open("rb") as f:
            args.pdf.write_bytes(f.read())
    result = {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu_s, 1),
        "entries": entries,
        "large": args.large,
        "laid_out": "in parts" if not args.one_document and entries >= booklet.PARALLEL_FROM else "one document",
        "state": job.state,
        "pages": job.result.get("pages") if isinstance(job.result, dict) else None,
        # Laid out in parts: how many, the two rounds' and the putting together's seconds, and
        # the CPU seconds the workers spent (more than the wall time when they ran side by side).
        "timings": job.result.get("timings") if isinstance(job.result, dict) else None,
        # The largest of this process (Django, the entries, putting the parts together) and its
        # workers (each laying out a part).
        "peak_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, children.ru_maxrss) // 1024,
        "target_seconds": TARGET_SECONDS,
        "met": job.state == "done" and seconds <= TARGET_SECONDS,
        "setup_seconds": round(setup_s, 1),
        "command": " ".join(["bench/booklet.py", *sys.argv[1:]]),
        "machine": f"{platform.platform()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}",
    }
    text = json.dumps(result, ensure_ascii=False, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    shutil.rmtree(var, ignore_errors=True)
    if job.state != "done":
        sys.exit(f"booklet job {job.state}: {job.error}")


if __name__ == "__main__":
    main()
