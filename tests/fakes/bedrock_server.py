"""A small Bedrock runtime on 127.0.0.1 that speaks the Converse wire format.

`POST /model/{modelId}/converse` with a JSON body answers with a tool call. Tests script the
answers (`server.script(...)`): a throttling error, a 5xx, an invalid tool input, a reply with no
tool call. Every request is recorded (path, headers, parsed body) for assertions.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote


@dataclass
class Reply:
    """One scripted answer. `tool_input` None means "echo the default answer"."""

    status: int = 200
    error_type: str | None = None  # x-amzn-ErrorType, e.g. "ThrottlingException"
    message: str = ""
    tool_input: dict[str, Any] | None = None
    tool_name: str | None = None  # answer with another tool than the one asked for
    text_only: str | None = None  # answer with text and no tool call
    delay_seconds: float = 0.0
    stop_reason: str | None = None  # e.g. "max_tokens": a tool call cut short


@dataclass
class Recorded:
    path: str
    model_id: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def user_text(self) -> str:
        return "".join(
            block.get("text", "")
            for msg in self.body.get("messages", [])
            for block in msg.get("content", [])
        )

    @property
    def system_text(self) -> str:
        return "".join(block.get("text", "") for block in self.body.get("system", []))


@dataclass
class FakeBedrock:
    default_tool_input: dict[str, Any] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    _script: deque[Reply] = field(default_factory=deque)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, *replies: Reply) -> None:
        """Queue answers; once they are used up, every call gets the default answer."""
        with self._lock:
            self._script.extend(replies)

    def _next(self) -> Reply:
        with self._lock:
            return self._script.popleft() if self._script else Reply()

    def start(self) -> FakeBedrock:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                parts = self.path.split("?")[0].strip("/").split("/")
                if len(parts) != 3 or parts[0] != "model" or parts[2] != "converse":
                    self._json(404, {"message": f"unknown path {self.path}"}, "ResourceNotFound")
                    return
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    self._json(400, {"message": "body is not JSON"}, "ValidationException")
                    return
                model_id = unquote(parts[1])
                with fake._lock:
                    fake.requests.append(
                        Recorded(self.path, model_id, dict(self.headers.items()), body)
                    )
                reply = fake._next()
                if reply.delay_seconds:
                    time.sleep(reply.delay_seconds)
                if reply.status != 200:
                    self._json(
                        reply.status,
                        {"message": reply.message or "scripted failure"},
                        reply.error_type,
                    )
                    return
                self._json(200, fake._converse_answer(body, reply))

            def _json(self, status: int, payload: dict[str, Any], error: str | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
                if error:
                    self.send_header("x-amzn-ErrorType", error)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                # The client may have given up waiting (a timeout under test).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _converse_answer(self, body: dict[str, Any], reply: Reply) -> dict[str, Any]:
        if reply.text_only is not None:
            content: list[dict[str, Any]] = [{"text": reply.text_only}]
            stop = "end_turn"
        else:
            tools = body.get("toolConfig", {}).get("tools", [])
            asked = tools[0]["toolSpec"]["name"] if tools else "answer"
            content = [
                {
                    "toolUse": {
                        "toolUseId": f"tooluse_{uuid.uuid4().hex[:20]}",
                        "name": reply.tool_name or asked,
                        "input": reply.tool_input
                        if reply.tool_input is not None
                        else self.default_tool_input,
                    }
                }
            ]
            stop = reply.stop_reason or "tool_use"
        return {
            "output": {"message": {"role": "assistant", "content": content}},
            "stopReason": stop,
            "usage": {"inputTokens": 812, "outputTokens": 301, "totalTokens": 1113},
            "metrics": {"latencyMs": 420},
        }
