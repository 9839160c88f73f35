"""Diarizations beside the engine: one at a time, on a daemon thread, each stoppable."""

from __future__ import annotations

import logging
import queue
import shutil
import tempfile
import threading
from concurrent.futures import CancelledError, Future
from typing import BinaryIO

from application.errors import DiarizationStopped
from application.ports import Diarizer
from domain.speakers import SpeakerTurn

log = logging.getLogger(__name__)

# How much of the diarizer's copy of an upload stays in memory; the rest goes to a temporary
# file, so a labelled job does not hold a second copy of its upload (up to 512 MiB) in memory.
SPOOLED_IN_MEMORY = 1024**2
_CHUNK = 1024**2


def spooled_copy(audio: BinaryIO) -> BinaryIO:
    """A stream of its own with the whole of `audio`, which is left at its start."""
    audio.seek(0)
    copy = tempfile.SpooledTemporaryFile(SPOOLED_IN_MEMORY)  # noqa: SIM115 - closed once heard
    shutil.copyfileobj(audio, copy, _CHUNK)
    copy.seek(0)
    audio.seek(0)
    return copy  # type: ignore[return-value]  # a binary file, whatever typeshed says


class Diarization:
    """The turns of one diarization, to come; `abandon` when its job ended without them."""

    def __init__(self, future: Future[tuple[SpeakerTurn, ...]], stop: threading.Event) -> None:
        self._future = future
        self._stop = stop

    def turns(self) -> tuple[SpeakerTurn, ...]:
        return self._future.result()

    def abandon(self) -> None:
        """Not started: it never will. Running: told to stop at its next stage; whatever it
        ends with is logged at debug, the job's own failure being what the job reports."""
        self._stop.set()
        if not self._future.cancel():
            self._future.add_done_callback(_log_abandoned)


def _log_abandoned(future: Future[tuple[SpeakerTurn, ...]]) -> None:
    try:
        future.result()
    except (DiarizationStopped, CancelledError):
        log.debug("an abandoned diarization stopped")
    except Exception as error:  # nobody else will read it
        log.debug("an abandoned diarization failed: %s", error)


class DiarizingThread:
    """Runs diarizations in the order asked, one at a time (the diarizer runs one at a time
    anyway, and each would otherwise hold its decoded audio while it waits), on a daemon
    thread started on first use: a process that exits does not wait for them."""

    def __init__(self, diarizer: Diarizer) -> None:
        self._diarizer = diarizer
        self._queue: queue.SimpleQueue[tuple[Future[tuple[SpeakerTurn, ...]], BinaryIO, threading.Event]]
        self._queue = queue.SimpleQueue()
        self._started = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self, audio: BinaryIO) -> Diarization:
        """Diarize `audio` (a stream of its own, closed once heard or abandoned)."""
        future: Future[tuple[SpeakerTurn, ...]] = Future()
        future.add_done_callback(lambda _: audio.close())
        stop = threading.Event()
        self._queue.put((future, audio, stop))
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="diarizer", daemon=True)
                self._thread.start()
        return Diarization(future, stop)

    def _run(self) -> None:
        while True:
            future, audio, stop = self._queue.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self._diarizer.diarize(audio, stop))
            except BaseException as error:  # handed to whoever waits
                future.set_exception(error)
