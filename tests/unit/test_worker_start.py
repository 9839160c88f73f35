"""`voxrelay worker` says how many consumers it started, `--concurrency auto` resolved."""

from __future__ import annotations

import logging
import os
import signal
import threading

from entrypoints import worker
from entrypoints.settings import AUTO, Settings


class FakeWorkerContainer:
    def __init__(self) -> None:
        self.warmed = 0
        self.shut_down = False

    def transcriber(self):
        return self

    def warm_up(self) -> None:
        self.warmed += 1

    def queue_worker(self) -> None:
        pass

    def shutdown_resources(self) -> None:
        self.shut_down = True


def test_a_worker_with_automatic_concurrency_logs_the_resolved_number_of_consumers(monkeypatch, caplog):
    container = FakeWorkerContainer()
    monkeypatch.setattr(worker, "build_container", lambda settings, profile: container)
    settings = Settings(state="redis", concurrency=AUTO)
    expected, threads = settings.jobs_and_threads()
    saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM))
    try:
        timer.start()
        with caplog.at_level(logging.INFO, logger="entrypoints.worker"):
            assert worker.run_worker(settings) == 0
    finally:
        timer.cancel()
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    assert expected >= 1
    assert f"worker ready: {expected} consumer(s) of {threads} thread(s)" in caplog.text
    assert container.warmed == 1 and container.shut_down
