"""`manage.py serve [addr:port]`: the development web server and a worker together, as `make run`
starts them. Each runs in a process group of its own, tied to this process (killed if it dies,
even by kill -9: PR_SET_PDEATHSIG on Linux); Ctrl-C or SIGTERM stops both groups — first
asking (SIGTERM; the worker finishes the task in hand), then after --grace seconds killing.
When either stops on its own, the other is stopped too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def tie_to_parent() -> None:
    """Be sent SIGTERM when the parent process dies (PR_SET_PDEATHSIG, Linux); runs in serve's
    children between fork and exec. (runserver's reloading parent, so told, kills its server.)"""
    if sys.platform.startswith("linux"):
        import ctypes

        parent = os.getppid()
        ctypes.CDLL(None).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
        if os.getppid() != parent or parent == 1:  # the parent died before the tie was made
            os.kill(os.getpid(), signal.SIGTERM)


class Command(BaseCommand):
    help = "Run the web server (runserver) and a worker together; Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true", help="Do not reload the web server on code changes.")
        parser.add_argument("--grace", type=float, default=10.0, help="Seconds given to stop before a kill.")

    def handle(self, *args, addrport: str, noreload: bool, grace: float, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        web = manage + ["runserver", addrport] + (["--noreload"] if noreload else [])
        children = [self._start(manage + ["worker", "-v", "0"]), self._start(web)]
        stop = {"signal": None}

        def asked_to_stop(signum, _frame):
            stop["signal"] = signum

        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, asked_to_stop)
        status = 0
        try:
            while stop["signal"] is None:
                ended = [c for c in children if c.poll() is not None]
                if ended:
                    status = ended[0].returncode or 0
                    self.stderr.write(f"{' '.join(ended[0].args[2:4])} stopped ({status}); stopping the rest")
                    break
                time.sleep(0.2)
        finally:
            self._stop(children, grace)
        if status:
            sys.exit(status)

    def _start(self, command: list[str]) -> subprocess.Popen:
        return subprocess.Popen(command, start_new_session=True, preexec_fn=tie_to_parent)

    def _stop(self, children: list[subprocess.Popen], grace: float) -> None:
        for child in children:
            self._signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for child in children:
            try:
                child.wait(max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                pass
        for child in children:  # what is left of each group (runserver's reloaded child too)
            self._signal_group(child, signal.SIGKILL)
            child.wait()

    @staticmethod
    def _signal_group(child: subprocess.Popen, signum: int) -> None:
        try:
            os.killpg(child.pid, signum)
        except (ProcessLookupError, PermissionError):
            pass
