"""`manage.py worker`: runs the queued long work (django-tasks-db's db_worker) and first marks
the jobs of workers that died as cut off (中断); while it runs, a thread writes its heartbeat and
sweeps every ten minutes (tsunagu.jobs.services). Takes db_worker's options (--batch, --interval,
--max-tasks …); it does not reload on code changes unless given --reload."""

import logging
import signal

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from tsunagu.jobs.models import this_worker
from tsunagu.jobs.services import start_heartbeat, sweep

logger = logging.getLogger(__name__)


class Command(DbWorkerCommand):
    help = "Run the worker for long work (imports, booklets, packs)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Named as the jobs name it (host:pid:start), so a starting worker can tell that a task
        # another left 'running' belongs to a dead process.
        parser.set_defaults(reload=False, worker_id=this_worker())

    def handle(self, *args, **options):
        marked = sweep()
        if marked and options.get("verbosity", 1):
            self.stdout.write(f"{marked} job(s) of stopped workers marked as cut off")
        if not options.get("reload") and not options.get("batch"):
            start_heartbeat()
        super().handle(*args, **options)

    def shutdown(self, signum, frame) -> None:
        """The first SIGTERM or Ctrl-C ends the loop after the task or the poll in hand (at most one
        --interval later) rather than at once: db_worker's own handler exits from wherever the
        signal lands, and landing inside a PostgreSQL call left the connection mid-query, its
        rollback failed and the worker exited 1 instead of 0. A second signal still stops it now."""
        if not self.running:
            super().shutdown(signum, frame)
            return
        logger.warning("Received %s - stopping after the work in hand.", signal.strsignal(signum))
        self.running = False
