"""The ASGI application: routes, error pages in Vietnamese (never a traceback), and the
security layers (headers always, HTTP Basic when the operator set a password)."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from vanban.corpus.errors import NotFound, VanbanError
from vanban.web import pages
from vanban.web.render import environment
from vanban.web.security import HEADERS, BasicAuth, SecurityHeaders

STATIC = Path(__file__).parent / "static"


def _error_page(request: Request, status: int, message: str) -> Response:
    html = request.app.state.env.get_template("error.html").render(
        request=request, status=status, message=message)
    # the 500 page is made outside the middleware stack: it carries the headers itself
    return HTMLResponse(html, status_code=status, headers=HEADERS)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    message = {404: "Không có trang này.", 405: "Trang này chỉ để xem."}.get(
        status, "Yêu cầu không hợp lệ.")
    return _error_page(request, status, message)


async def _vanban_error(request: Request, exc: Exception) -> Response:
    status = 404 if isinstance(exc, NotFound) else 400 if getattr(
        exc, "exit_code", 1) == 2 else 503
    return _error_page(request, status, str(exc))


async def _server_error(request: Request, exc: Exception) -> Response:
    # the details go to the server's log only (Starlette logs the traceback after this)
    return _error_page(request, 500, "Đã có lỗi trong máy chủ. Hãy thử lại; nếu vẫn lỗi, "
                       "báo người quản trị kho (chi tiết nằm trong nhật ký máy chủ).")


def create_app(data_dir: Path, password: str | None = None,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The app over one data directory. `allowed_hosts`: the Host names a browser may use
    (a page on another site cannot reach a local server by pointing its own name at
    127.0.0.1); None accepts any."""
    routes = [
        Route("/", pages.search_page),
        Route("/xuat.{fmt:str}", pages.search_export),
        Route("/van-ban/{doc_id:int}", pages.document_page),
        Route("/van-ban/{doc_id:int}/tep-goc", pages.original_file),
        Route("/so-lieu", pages.figures_page),
        Route("/so-lieu/xuat.{fmt:str}", pages.figures_export),
        Route("/trang-thai", pages.status_page),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts))
    if password:
        middleware.append(Middleware(BasicAuth, password=password))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={
        HTTPException: _http_error, VanbanError: _vanban_error, 500: _server_error,
        Exception: _server_error})
    app.state.data_dir = Path(data_dir)
    app.state.env = environment()
    return app
