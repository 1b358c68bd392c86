"""Request counts for /metrics, as a plain ASGI middleware: `@app.middleware("http")` wraps
every request in Starlette's BaseHTTPMiddleware (an extra task and stream per request), which
bench/api.py showed as a measurable share of a search request."""

from collections import Counter
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class CountRequests:
    def __init__(self, app: ASGIApp, counts: Counter[tuple[str, int]]) -> None:
        self.app, self.counts = app, counts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status: dict[str, Any] = {}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route = scope.get("route")
            code = status.get("code", 500)
            self.counts[(getattr(route, "path", "unmatched"), code)] += 1
