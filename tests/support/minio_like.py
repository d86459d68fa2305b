"""moto's S3 answering as MinIO (without a KMS) does: 501 NotImplemented to a bucket's
public-access block and default encryption, and to an object written with server-side
encryption. Everything else is moto's."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_server.threaded_moto_server import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    ThreadedMotoServer,
    create_backend_app,
    make_server,
)

_NOT_IMPLEMENTED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NotImplemented</Code><Message>'
    b"A header you provided implies functionality that is not implemented</Message></Error>"
)
_UNSUPPORTED_BUCKET_SETTINGS = ("publicAccessBlock", "encryption")


class MinioLike:
    """WSGI middleware in front of moto; `refused` lists what it answered NotImplemented to."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app
        self.refused: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        method = environ["REQUEST_METHOD"]
        query = environ.get("QUERY_STRING", "")
        names = {part.split("=", 1)[0] for part in query.split("&")}
        setting = next((s for s in _UNSUPPORTED_BUCKET_SETTINGS if s in names), None)
        sse = environ.get("HTTP_X_AMZ_SERVER_SIDE_ENCRYPTION")
        if method == "PUT" and (setting or sse):
            self.refused.append(setting or f"object with SSE {sse}")
            start_response(
                "501 Not Implemented",
                [
                    ("Content-Type", "application/xml"),
                    ("Content-Length", str(len(_NOT_IMPLEMENTED))),
                ],
            )
            return [_NOT_IMPLEMENTED]
        return self.app(environ, start_response)


class MinioLikeServer(ThreadedMotoServer):
    def __init__(self) -> None:
        super().__init__(ip_address="127.0.0.1", port=0, verbose=False)
        self.middleware = MinioLike(DomainDispatcherApplication(create_backend_app))

    def _server_entry(self) -> None:
        self._server = make_server(
            self._ip_address, self._port, self.middleware, True, request_handler=MotoRequestHandler
        )
        self._server_ready_event.set()
        self._server.serve_forever()

    @property
    def url(self) -> str:
        host, port = self.get_host_and_port()
        return f"http://{host}:{port}"
