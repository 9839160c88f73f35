"""QueueWorker: K consumer threads that take jobs off a JobQueue and run them to the end."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time

from application.errors import DependencyUnavailable, JobNotFound
from application.ports import JobQueue, QueueMessage
from application.use_cases import FailJob, FailJobCommand, RunTranscription, RunTranscriptionCommand
from domain.errors import DomainError, InvalidValue
from domain.values import JobId

log = logging.getLogger(__name__)


class QueueWorker:
    """Rules:
    - a message is acked only after its job is COMPLETED or FAILED (or cannot exist: a
      malformed or unknown job id), so a worker that dies leaves it for `reclaim`;
    - an exhausted message ends its job FAILED with the reason, then is acked;
    - while a job runs, its claim is extended every third of the claim idle time;
    - when the queue or a store is unreachable the message is not acked and the thread backs
      off: the job runs again once the dependency returns;
    - `stop` takes no new message and waits up to `drain_seconds` for running jobs; what is
      still running then is left unacked, for another worker to reclaim.
    """

    def __init__(
        self,
        queue: JobQueue,
        run: RunTranscription,
        fail: FailJob,
        concurrency: int,
        claim_idle_seconds: float,
        block_ms: int = 1000,
        max_backoff_seconds: float = 5.0,
    ) -> None:
        self._queue = queue
        self._run = run
        self._fail = fail
        self._concurrency = concurrency
        self._extend_every = max(0.2, claim_idle_seconds / 3)
        self._block_ms = block_ms
        self._max_backoff = max_backoff_seconds
        self._stopping = threading.Event()
        self._consumers: list[threading.Thread] = []
        self._running: dict[str, QueueMessage] = {}  # consumer name -> message in hand
        self._lock = threading.Lock()
        self._name = f"{socket.gethostname()}-{os.getpid()}"

    def start(self) -> None:
        for index in range(self._concurrency):
            consumer = f"{self._name}-{index}"
            thread = threading.Thread(target=self._consume, args=(consumer,), name=consumer, daemon=True)
            thread.start()
            self._consumers.append(thread)
        threading.Thread(target=self._heartbeat, name=f"{self._name}-heartbeat", daemon=True).start()
        log.info("queue worker %s: %d consumer(s) started", self._name, self._concurrency)

    def stop(self, drain_seconds: float = 30.0) -> bool:
        """True if every thread ended within the drain time."""
        self._stopping.set()
        deadline = time.monotonic() + drain_seconds
        for thread in self._consumers:
            thread.join(max(0.0, deadline - time.monotonic()))
        left = [t.name for t in self._consumers if t.is_alive()]
        if left:
            log.warning("queue worker stopped with jobs still running in %s; they will be reclaimed", left)
        return not left

    def _consume(self, consumer: str) -> None:
        backoff = 0.1
        while not self._stopping.is_set():
            try:
                message = self._queue.claim(consumer, wait_seconds=self._block_ms / 1000)
                if message is not None:
                    self._handle(consumer, message)
                backoff = 0.1
            except DependencyUnavailable as error:
                log.warning("%s: %s; retrying in %.1f s", consumer, error, backoff)
                self._stopping.wait(backoff)
                backoff = min(self._max_backoff, backoff * 2)
            except Exception:
                log.exception("%s: unexpected error in the consumer loop", consumer)
                self._stopping.wait(backoff)

    def _handle(self, consumer: str, message: QueueMessage) -> None:
        try:
            job_id = JobId(message.job_id).value
        except InvalidValue:
            log.error("dropping message %s: %r is not a job id", message.message_id, message.job_id)
            self._queue.ack(message)
            return
        if message.exhausted:
            self._give_up(job_id, message)
            return
        with self._lock:
            self._running[consumer] = message
        try:
            self._run.execute(RunTranscriptionCommand(job_id))
        except JobNotFound:
            log.error("dropping message %s: job %s is not stored (expired?)", message.message_id, job_id)
        except DependencyUnavailable:
            raise  # not acked: the job runs again when the store is back
        except Exception:
            # Not acked either: redelivered until exhausted, then failed with a reason.
            log.exception("job %s crashed (delivery %d)", job_id, message.delivery_count)
            return
        finally:
            with self._lock:
                self._running.pop(consumer, None)
        self._queue.ack(message)

    def _give_up(self, job_id: str, message: QueueMessage) -> None:
        attempts = message.delivery_count - 1
        try:
            self._fail.execute(FailJobCommand(job_id, f"gave up after {attempts} attempts that did not finish"))
        except JobNotFound:
            pass
        except DomainError:  # completed meanwhile by a slow first attempt: nothing to fail
            log.info("job %s finished before it was given up", job_id)
        self._queue.ack(message)

    def _heartbeat(self) -> None:
        while any(t.is_alive() for t in self._consumers):
            time.sleep(self._extend_every)
            with self._lock:
                held = list(self._running.items())
            for consumer, message in held:
                try:
                    if not self._queue.keep_claim(consumer, message):
                        log.warning("job %s was taken over by another worker", message.job_id)
                except DependencyUnavailable:
                    log.warning("could not extend the claim on job %s", message.job_id)
                except Exception:  # the heartbeat must outlive any one failure (a lost group, say)
                    log.exception("extending the claim on job %s failed", message.job_id)
