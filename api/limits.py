"""No request body may be larger than an upload may be: refused with 413 while it arrives,
before the multipart parser spools it to disk (the upload route then checks the file itself
against the exact limit). A declared Content-Length over the limit is refused at once; a chunked
body is counted by Starlette's limiter, whose 413 our problem handler words (api.problems)."""

from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.problems import too_large

FORM_SLACK = 1 << 16  # multipart framing and the form fields beside the file


class LimitBody:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.max_bytes = max_bytes + FORM_SLACK
        self.app = RequestBodyLimitMiddleware(app, self.max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self._declared(scope) > self.max_bytes:
            await too_large(Request(scope, receive))(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _declared(scope: Scope) -> int:
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    return int(value)
                except ValueError:
                    return 0  # not a number: left to the server and the parser
        return 0
