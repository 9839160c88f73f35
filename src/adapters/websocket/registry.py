"""WebSocketNotifier: the sockets this process holds, by session, as a `Notifier`.

Each connection has its own bounded outbox, and a writer task while there is something in it,
so one slow client never delays another; a client whose outbox overflows is disconnected and
its results stay pending for its reconnect. An idle socket has no task: at 10 000 sockets a
writer each, waiting on a queue, left the objects of a new wait behind every push, and the
cycle collector's young collections walked them (bench/redis_push.py). A notification is
removed from the session's pending list only after it was written to a socket (in batches:
see DeliveredResults). The sessions held here are kept alive together, not one timer per
socket (see SessionKeeping).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from adapters.json_codec import notification_to_json, progress_to_json
from adapters.websocket.delivered import LINGER_SECONDS, DeliveredResults
from adapters.websocket.keeping import NoKeeping, SessionKeeping
from application.clock import utc_now
from application.notifications import JobNotification, JobProgress
from application.ports import PendingResults
from application.ports.metrics import Metrics
from domain.values import SessionId

log = logging.getLogger(__name__)


class JsonSocket(Protocol):
    async def send_json(self, data: Any) -> None: ...

    async def close(self, code: int = 1000, reason: str | None = None) -> None: ...


RunInThread = Callable[..., Awaitable[Any]]


class SocketConnection:
    def __init__(self, session_id: SessionId, socket: JsonSocket, backlog: int) -> None:
        self.session_id = session_id
        self.socket = socket
        self.outbox: collections.deque[JobNotification | JobProgress | dict[str, Any]] = collections.deque()
        self.backlog = backlog
        self.sent_job_ids: set[str] = set()
        self.overflowed = False
        self.started = False  # the greeting and what was pending are queued: writing may begin
        self.writer: asyncio.Task[None] | None = None  # while writing; a failed one stays
        self.closing: asyncio.Future[None] | None = None


class WebSocketNotifier:
    """`keep_alive`: what keeps the sessions held here alive while they have a socket, said
    every time (`SessionKeeping`; `NoKeeping` where someone else does, or nobody: tests of
    delivery alone), so no notifier forgets it by default. `removal_linger_seconds`: how long
    written results may wait to be struck from pending together (see DeliveredResults)."""

    def __init__(
        self,
        sessions: PendingResults,
        backlog: int = 256,
        metrics: Metrics | None = None,
        *,
        keep_alive: SessionKeeping | NoKeeping,
        removal_linger_seconds: float = LINGER_SECONDS,
    ) -> None:
        self._metrics = metrics
        self._backlog = backlog
        self._by_session: dict[str, set[SocketConnection]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()
        self._delivered = DeliveredResults(sessions, removal_linger_seconds)
        self._keeping = keep_alive

    @property
    def connection_count(self) -> int:
        with self._lock:
            return sum(len(c) for c in self._by_session.values())

    def session_ids(self) -> list[SessionId]:
        """Sessions with at least one socket in this process."""
        with self._lock:  # the ids the sockets came with: 10 000 new ones each round cost ~10 ms
            return [next(iter(connections)).session_id for connections in self._by_session.values()]

    def attach(self, session_id: SessionId, socket: JsonSocket) -> SocketConnection:
        """Register a socket (on the event loop). Live pushes queue up until `start`."""
        self._loop = asyncio.get_running_loop()
        connection = SocketConnection(session_id, socket, self._backlog)
        with self._lock:
            self._by_session.setdefault(session_id.value, set()).add(connection)
        self._keeping.start(self.session_ids)
        return connection

    def start(self, connection: SocketConnection, greeting: dict[str, Any], earlier: list[JobNotification]) -> None:
        """Send the greeting, then results from before the connection, then live ones."""
        live = list(connection.outbox)
        connection.outbox.clear()
        connection.outbox.extend([greeting, *earlier, *live])
        connection.started = True
        self._write_soon(connection)

    async def detach(self, connection: SocketConnection) -> None:
        with self._lock:
            group = self._by_session.get(connection.session_id.value)
            if group is not None:
                group.discard(connection)
                if not group:
                    del self._by_session[connection.session_id.value]
            none_left = not self._by_session
        # A push already on its way from another thread may still land: it is not written.
        connection.started = False
        connection.outbox.clear()
        if connection.writer is not None:
            connection.writer.cancel()
            await asyncio.gather(connection.writer, return_exceptions=True)
        self._delivered.hurry()  # its client may be reconnecting: what it heard is pending no more
        if none_left:
            await self._keeping.stop()

    async def flush_delivered(self) -> None:
        """Wait until the results written so far are struck from pending (or failed to be)."""
        await self._delivered.flushed()

    def send_now(self, connection: SocketConnection, message: dict[str, Any]) -> None:
        """Queue a message for one connection (on the event loop)."""
        self._offer(connection, message)

    def push(self, session_id: SessionId, notification: JobNotification) -> None:
        """Thread-safe: may be called from worker threads or from the event loop."""
        self._deliver(session_id, notification)

    def push_progress(self, session_id: SessionId, progress: JobProgress) -> None:
        """Like `push`, but nothing is pending to remove and no job id is remembered."""
        self._deliver(session_id, progress)

    def _deliver(self, session_id: SessionId, notification: JobNotification | JobProgress) -> None:
        with self._lock:
            connections = list(self._by_session.get(session_id.value, ()))
        if not connections or self._loop is None or self._loop.is_closed():
            return
        for connection in connections:
            try:
                running = asyncio.get_running_loop()
            except RuntimeError:
                running = None
            if running is self._loop:
                self._offer(connection, notification)
            else:
                self._loop.call_soon_threadsafe(self._offer, connection, notification)

    def _offer(self, connection: SocketConnection, message: JobNotification | JobProgress | dict[str, Any]) -> None:
        if connection.overflowed:
            return
        if len(connection.outbox) < connection.backlog:
            connection.outbox.append(message)
            self._write_soon(connection)
        else:
            connection.overflowed = True
            log.warning("session %s is not reading; disconnecting it", connection.session_id.value[:6])
            # Kept on the connection: a task nothing refers to may be collected mid-close.
            connection.closing = asyncio.ensure_future(
                connection.socket.close(code=1013, reason="backlog full; reconnect")
            )

    def _write_soon(self, connection: SocketConnection) -> None:
        if connection.started and connection.writer is None:
            connection.writer = asyncio.create_task(self._write(connection))

    async def _write(self, connection: SocketConnection) -> None:
        """Until the outbox is empty; a send that fails ends it, and leaves it on the
        connection (detach collects it), so nothing more is written to that socket. No local
        holds a message once it is written."""
        while connection.outbox:
            await self._send(connection, connection.outbox.popleft())
        connection.writer = None

    async def _send(
        self, connection: SocketConnection, message: JobNotification | JobProgress | dict[str, Any]
    ) -> None:
        if isinstance(message, JobNotification):
            if message.job_id in connection.sent_job_ids:
                return
            await connection.socket.send_json(notification_to_json(message))
            connection.sent_job_ids.add(message.job_id)
            if self._metrics is not None and message.job.finished_at is not None:
                self._metrics.result_delivered((utc_now() - message.job.finished_at).total_seconds())
            self._delivered.add(connection.session_id, message.job.id)
        elif isinstance(message, JobProgress):
            if message.job_id not in connection.sent_job_ids:  # no progress after the result
                await connection.socket.send_json(progress_to_json(message))
        else:
            await connection.socket.send_json(message)
