"""Who may open the page and what the browser may do with it: the bind rule, HTTP Basic
with the operator's password, and security headers on every response."""

from __future__ import annotations

import base64
import binascii
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vanban.corpus.errors import UsageError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
PASSWORD_ENV = "VANBAN_WEB_PASSWORD"

HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                               "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-opener-policy": "same-origin",
}


def check_bind(host: str, password: str | None) -> None:
    """Another address than this machine opens the archive to the network: only with a
    password set by the operator."""
    if host not in LOCAL_HOSTS and not password:
        raise UsageError(
            f"không mở trang trên địa chỉ {host} khi chưa đặt mật khẩu: dùng --password hoặc "
            f"biến môi trường {PASSWORD_ENV} (hoặc để mặc định --host 127.0.0.1)")


class SecurityHeaders:
    """Adds the headers above to every response (errors included)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items()
                         if k.encode() not in have]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BasicAuth:
    """HTTP Basic: any user name, the operator's password (compared in constant time)."""

    def __init__(self, app: ASGIApp, password: str):
        self.app = app
        self.password = password.encode()

    def _allowed(self, scope: Scope) -> bool:
        for k, v in scope.get("headers", []):
            if k == b"authorization" and v[:6].lower() == b"basic ":
                try:
                    _, _, given = base64.b64decode(v[6:].strip(), validate=True).partition(b":")
                except (binascii.Error, ValueError):
                    return False
                return secrets.compare_digest(given, self.password)
        return False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        body = "Cần mật khẩu để mở kho văn bản.".encode()
        await send({"type": "http.response.start", "status": 401, "headers": [
            (b"www-authenticate", b'Basic realm="vanban", charset="UTF-8"'),
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
