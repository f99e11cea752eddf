"""Running the API under uvicorn, guarded against slow and idle connections (slowloris).

uvicorn's HTTP/1.1 protocol only times out a connection between two requests
(`timeout_keep_alive`): one that sends half a request line, or a body one byte a
minute, stays open for ever, and about a thousand of them use up the process's file
descriptors.  `guarded_protocol` adds what it lacks:

- a header deadline: the request line and headers must arrive within `header_timeout`
  seconds of the connection (or of the previous response);
- a body deadline: the whole body within `body_timeout` seconds of the headers;
- a connection cap: past `max_connections`, a new connection evicts the oldest one that
  has not yet sent a complete request head (a slow client, or an idle keep-alive), so a
  flood of half-sent requests cannot lock real clients out; with none to evict, the
  new connection is answered 503 and closed.

Behind a reverse proxy (README, "Running behind a reverse proxy") the proxy buffers
requests and enforces its own limits too.
"""
from __future__ import annotations

import asyncio
import resource
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 30.0
MAX_CONNECTIONS = 1000
KEEP_ALIVE = 5
MAX_HEAD_BYTES = 16 * 1024  # request line and headers (h11's limit)
FD_RESERVE = 64  # descriptors kept for the database, logs and extraction workers
MIN_BACKLOG, MAX_BACKLOG = 64, 2048  # connections waiting to be accepted (uvicorn's default: 2048)

_BUSY = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with header and body deadlines and a connection cap."""

    header_timeout = HEADER_TIMEOUT
    body_timeout = BODY_TIMEOUT
    max_connections = MAX_CONNECTIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._phase: str | None = None  # "head" or "body" while a request is being read
        self._since = 0.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm("head")
        if len(self.connections) > self.max_connections and not self._evict_one():
            self._cancel()
            transport.write(_BUSY)
            transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.IDLE:  # part of a request head, or bytes after a response
            if self._phase is None:
                self._arm("head")
        elif state is h11.SEND_BODY:
            if self._phase != "body":
                self._arm("body")
        else:  # the request is complete (or the connection is ending)
            self._cancel()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # arms uvicorn's keep-alive timeout for the idle wait
        if self.conn.their_state is h11.IDLE and self._phase is None:
            self._since = self.loop.time()  # evictable from now: waiting for the next request

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    # ---- deadlines -------------------------------------------------------------------------

    def _arm(self, phase: str) -> None:
        self._cancel()
        self._phase, self._since = phase, self.loop.time()
        timeout = self.header_timeout if phase == "head" else self.body_timeout
        self._deadline = self.loop.call_later(timeout, self._expired)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline, self._phase = None, None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.logger.info("%s:%s - closing a connection too slow to send its request %s",
                             *(self.client or ("?", "?")), "head" if self._phase == "head" else "body")
            self.transport.close()  # the app, if it is waiting for the body, sees a disconnect

    # ---- the connection cap ---------------------------------------------------------------

    def _evictable(self) -> bool:
        idle = self._phase is None and (self.cycle is None or self.cycle.response_complete)
        return not self.transport.is_closing() and (self._phase == "head" or idle)

    def _evict_one(self) -> bool:
        """Close the oldest connection that is not sending or being sent a request."""
        victims = [c for c in self.connections
                   if c is not self and isinstance(c, GuardedH11Protocol) and c._evictable()]
        if not victims:
            return False
        oldest = min(victims, key=lambda c: c._since)
        oldest._cancel()
        oldest.transport.close()
        return True


def guarded_protocol(header_timeout: float = HEADER_TIMEOUT, body_timeout: float = BODY_TIMEOUT,
                     max_connections: int = MAX_CONNECTIONS) -> type[GuardedH11Protocol]:
    """The protocol class with these limits (uvicorn takes a class, not an instance)."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,), {
        "header_timeout": header_timeout, "body_timeout": body_timeout, "max_connections": max_connections})


def descriptor_budget(wanted: int) -> tuple[int, int]:
    """How many connections this process can hold, and its listen backlog.

    The soft descriptor limit (often 1,024) is raised to the hard one first.  asyncio
    accepts up to `backlog` connections in one go before any of them runs (and before
    the cap can close one), and may accept another batch before the sockets it evicted
    are closed: the open connections and three backlogs must fit in the descriptors,
    with a reserve for the database, logs and extraction workers.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, wanted + MAX_BACKLOG + FD_RESERVE)
    if soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    # a batch just accepted, the next one, and the sockets being closed by evictions
    room = max(4, soft - FD_RESERVE)
    cap = max(1, min(wanted, room - 3 * MIN_BACKLOG))
    return cap, max(1, min(MAX_BACKLOG, (room - cap) // 3))


def serve(app: Any, host: str, port: int, *, header_timeout: float = HEADER_TIMEOUT,
          body_timeout: float = BODY_TIMEOUT, max_connections: int = MAX_CONNECTIONS) -> None:
    """Run `app` under uvicorn with the guards above."""
    import uvicorn

    cap, backlog = descriptor_budget(max_connections)
    protocol = guarded_protocol(header_timeout, body_timeout, cap)
    config = uvicorn.Config(app, host=host, port=port, http=protocol, timeout_keep_alive=KEEP_ALIVE,
                            h11_max_incomplete_event_size=MAX_HEAD_BYTES, backlog=backlog)
    uvicorn.Server(config).run()
