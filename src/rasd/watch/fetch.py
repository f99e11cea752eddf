"""Polite HTTP fetching: what a news site can expect from Rasd.

One `Fetcher` is shared by every source of a poll round, so its limits hold across them:
at most `per_host` requests in flight to a host and at least `1 / rate` seconds between
their starts (more when robots.txt asks for a Crawl-delay); robots.txt is read once per
host and obeyed (RFC 9309: a missing file allows everything, an unreachable one forbids
everything for now); conditional GETs (ETag / If-Modified-Since) so an unchanged feed
costs a 304 and no body; redirects followed by hand, a few at most, each hop checked
against robots.txt; a body larger than `max_bytes` is abandoned as it streams in.
Timeouts, connection errors, 429 and 5xx are retried with exponential backoff; anything
else fails at once.  Every failure is a `FetchError` the caller logs: one site down
never stops the others.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

import rasd

PROJECT_URL = "https://github.com/rasd-project/rasd"
ROBOTS_AGENT = "Rasd"  # the token robots.txt rules name


@dataclass
class Etiquette:
    """How Rasd behaves towards the sites it reads (settable in the config file's [watch])."""

    user_agent: str = f"Rasd/{rasd.__version__} (+{PROJECT_URL}; Arabic conflict-news event coding)"
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 60.0  # a response trickling in below the read timeout still ends here
    retries: int = 2  # after the first attempt
    backoff: float = 1.0  # seconds before the first retry; doubles each time
    rate: float = 1.0  # request starts per second per host
    per_host: int = 2  # requests in flight per host
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024  # as large as one article file may be (ingest's limit)
    robots: bool = True
    robots_ttl: float = 6 * 3600.0  # seconds a host's robots.txt is trusted before it is read again


class FetchError(RuntimeError):
    """A URL could not be fetched (after retries); `transient` ones are worth trying later."""

    def __init__(self, url: str, reason: str, *, transient: bool = True, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.transient = url, reason, transient
        self.status, self.retry_after = status, retry_after


class Forbidden(FetchError):
    """robots.txt does not let Rasd fetch this URL (never requested)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "forbidden by robots.txt", transient=False)


@dataclass
class Fetched:
    url: str  # after redirects
    status: int  # 200, or 304 when the validators sent still hold
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Host:
    """Per-host politeness state: a concurrency cap and the earliest next request start."""

    slots: threading.BoundedSemaphore
    interval: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    robots: RobotFileParser | None = None
    robots_read: float = -1e18
    robots_error: str | None = None  # why robots.txt could not be read (then nothing is fetched)

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self.slots:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + self.interval
            if start > now:
                time.sleep(start - now)
            yield


_RETRY_STATUS = {429, 500, 502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}


class Fetcher:
    """Fetches URLs under the `Etiquette`; safe to share between threads."""

    def __init__(self, etiquette: Etiquette | None = None) -> None:
        self.rules = etiquette or Etiquette()
        timeout = httpx.Timeout(self.rules.read_timeout, connect=self.rules.connect_timeout)
        self.client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                                   headers={"User-Agent": self.rules.user_agent, "Accept-Encoding": "gzip, deflate"})
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self.requests = 0  # every request sent, robots.txt included (for logs and tests)

    def close(self) -> None:
        self.client.close()

    def _host(self, url: str) -> _Host:
        key = _origin(url)
        with self._lock:
            host = self._hosts.get(key)
            if host is None:
                host = _Host(threading.BoundedSemaphore(max(1, self.rules.per_host)), 1.0 / max(self.rules.rate, 1e-6))
                self._hosts[key] = host
            return host

    # ---- robots.txt --------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets Rasd fetch `url` (read once per host per `robots_ttl`)."""
        if not self.rules.robots:
            return True
        host = self._host(url)
        with host.lock:
            # an unreadable robots.txt is asked for again within minutes, a read one after the TTL
            ttl = self.rules.robots_ttl if host.robots_error is None else min(self.rules.robots_ttl, 300.0)
            fresh = host.robots is not None and time.monotonic() - host.robots_read < ttl
        if not fresh:
            parser, error = self._read_robots(url)
            delay = parser.crawl_delay(ROBOTS_AGENT)
            with host.lock:
                host.robots, host.robots_read, host.robots_error = parser, time.monotonic(), error
                if delay:  # the site's own pace, when slower than ours
                    host.interval = max(host.interval, min(float(delay), 60.0))
        assert host.robots is not None
        return host.robots.can_fetch(ROBOTS_AGENT, url)

    def _read_robots(self, url: str) -> tuple[RobotFileParser, str | None]:
        """The host's rules, and why they could not be read (None when they could)."""
        parser = RobotFileParser()
        robots_url = _origin(url) + "/robots.txt"
        try:
            got = self._get(robots_url, None, None, robots_check=False, retries=0)
            parser.parse(got.body.decode("utf-8", "replace").splitlines())
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.parse([])  # no robots.txt: everything is allowed
            else:
                parser.parse(["User-agent: *", "Disallow: /"])  # unreachable or 5xx: nothing is, until it answers
                return parser, exc.reason
        return parser, None

    # ---- fetching ----------------------------------------------------------------------------

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None) -> Fetched:
        """GET `url` politely; 304 when `etag` / `last_modified` still hold.  Raises FetchError.
        `max_bytes` replaces the etiquette's body limit (a sitemap may be larger than an article)."""
        return self._get(url, etag, last_modified, robots_check=True, retries=self.rules.retries,
                         limit=max_bytes or self.rules.max_bytes)

    def _get(self, url: str, etag: str | None, last_modified: str | None, *, robots_check: bool,
             retries: int, limit: int | None = None) -> Fetched:
        limit = limit or self.rules.max_bytes
        for hop in range(self.rules.max_redirects + 1):
            if robots_check and not self.allowed(url):
                error = self._host(url).robots_error
                if error is not None:
                    raise FetchError(url, f"robots.txt unreadable ({error}): nothing fetched until it answers")
                raise Forbidden(url)
            got, location = self._with_retries(url, etag, last_modified, retries, limit)
            if location is None:
                return got
            url = urljoin(url, location)
            etag = last_modified = None  # validators belong to the URL they came from
        raise FetchError(url, f"more than {self.rules.max_redirects} redirects", transient=False)

    def _with_retries(self, url: str, etag: str | None, last_modified: str | None, retries: int,
                      limit: int) -> tuple[Fetched, str | None]:
        delay = self.rules.backoff
        for attempt in range(retries + 1):
            try:
                return self._once(url, etag, last_modified, limit)
            except FetchError as exc:
                if not exc.transient or attempt == retries:
                    raise
                wait = delay
                if exc.retry_after is not None:
                    wait = max(wait, min(exc.retry_after, 60.0))
                time.sleep(wait)
                delay *= 2
        raise AssertionError("unreachable")

    def _once(self, url: str, etag: str | None, last_modified: str | None,
              limit: int) -> tuple[Fetched, str | None]:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = self._host(url)
        with host.turn():
            self.requests += 1
            started = time.monotonic()
            try:
                with self.client.stream("GET", url, headers=headers) as resp:
                    status = resp.status_code
                    if status in _REDIRECT_STATUS:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(url, f"HTTP {status} without a Location", transient=False)
                        return Fetched(url, status), location
                    if status == 304:
                        return Fetched(url, 304, etag=resp.headers.get("etag") or etag,
                                       last_modified=resp.headers.get("last-modified") or last_modified), None
                    if status != 200:
                        raise FetchError(url, f"HTTP {status}", transient=status in _RETRY_STATUS, status=status,
                                         retry_after=_seconds(resp.headers.get("retry-after")))
                    body = self._read_body(url, resp, started, limit)
                    return Fetched(str(resp.url), 200, body, resp.headers.get("content-type", ""),
                                   resp.headers.get("etag"), resp.headers.get("last-modified")), None
            except httpx.TimeoutException as exc:
                raise FetchError(url, f"timed out ({type(exc).__name__})") from None
            except httpx.TransportError as exc:  # refused, reset, DNS, a broken stream or encoding
                raise FetchError(url, f"{type(exc).__name__}: {exc or 'connection failed'}") from None

    def _read_body(self, url: str, resp: httpx.Response, started: float, limit: int) -> bytes:
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"body of {int(declared):,} bytes is over the {limit:,} limit",
                             transient=False)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"body over the {limit:,} byte limit", transient=False)
            if time.monotonic() - started > self.rules.total_timeout:
                raise FetchError(url, f"still sending after {self.rules.total_timeout:.0f} s")
            chunks.append(chunk)
        return b"".join(chunks)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _seconds(value: str | None) -> float | None:
    """A Retry-After given in seconds (an HTTP date is ignored: the backoff applies)."""
    return float(value) if value and value.strip().isdigit() else None
