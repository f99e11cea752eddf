"""ASGI middleware of the API: a body-size limit and the security headers of every response."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from fastapi.responses import JSONResponse


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413, declared or chunked.

    The body is read here, whole, before the app sees it: a limit raised from inside the
    app's own read would come out of FastAPI's body parsing as a 400.  The limit is a
    few MiB, so holding one body is cheap.
    """

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await self._refuse(scope, send)
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            body = message.get("body", b"")
            seen += len(body)
            if seen > self.limit:
                return await self._refuse(scope, send)
            chunks.append(body)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()  # after the body: the disconnect, when it comes

        await self.app(scope, replay, send)

    async def _refuse(self, scope: dict, send: Any) -> None:
        resp = JSONResponse({"detail": f"request body over {self.limit} bytes"}, status_code=413,
                            headers={"Connection": "close"})
        await resp(scope, None, send)  # type: ignore[arg-type]


def content_security_policy(tiles: str | None = None) -> str:
    """Only this server's own scripts, styles and data; images may also come from the
    tile server the dashboard was given (its host, with Leaflet's {s} as a wildcard)."""
    img = "'self' data:"
    if tiles:
        parts = urlsplit(tiles.replace("{s}", "*"))
        host = parts.hostname or ""
        if parts.scheme in ("http", "https") and host and "{" not in host:
            img += f" {parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
        else:
            img += " https:"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; " f"img-src {img}; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


class SecurityHeaders:
    """Add CSP, anti-framing, nosniff and a referrer policy to every response (API and page)."""

    def __init__(self, app: Any, csp: str) -> None:
        self.app = app
        self.headers = [(b"content-security-policy", csp.encode()), (b"x-frame-options", b"DENY"),
                        (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                        (b"cross-origin-opener-policy", b"same-origin")]

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.headers if k not in present]
            await send(message)

        await self.app(scope, receive, with_headers)
