"""A small OpenAI-compatible server on 127.0.0.1: `POST /v1/chat/completions`.

It answers a request with tools by calling the tool, a `response_format` json_schema request
with JSON content, and a plain request with prose around a JSON object, each carrying
`default_answer`. `supports` says which of these the server accepts; the others are refused
with HTTP 400, as Ollama, vLLM and llama.cpp do for what a model or build cannot do. Tests script
other answers (`server.script(...)`): 5xx and 429, delays, cut-short answers, wrong shapes.
Every request is recorded (headers and parsed body) for assertions.
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


@dataclass
class Reply:
    """One scripted answer; fields left as None take the server's default behaviour."""

    status: int = 200
    message: str = ""
    answer: dict[str, Any] | None = None  # the structured answer (tool arguments or JSON)
    raw_arguments: str | None = None  # tool arguments sent verbatim (e.g. broken JSON)
    content: str | None = None  # answer with this text and no tool call
    tool_name: str | None = None  # call another tool than the one asked for
    finish_reason: str | None = None  # e.g. "length": an answer cut short
    delay_seconds: float = 0.0


@dataclass
class Recorded:
    headers: dict[str, str]  # names in lower case
    body: dict[str, Any]

    def _text(self, role: str) -> str:
        return "".join(
            m.get("content") or "" for m in self.body.get("messages", []) if m.get("role") == role
        )

    @property
    def system_text(self) -> str:
        return self._text("system")

    @property
    def user_text(self) -> str:
        return self._text("user")

    @property
    def mode(self) -> str:
        if self.body.get("tools"):
            return "tools"
        if (self.body.get("response_format") or {}).get("type") == "json_schema":
            return "json_schema"
        return "text"


@dataclass
class FakeOpenAI:
    default_answer: dict[str, Any] = field(default_factory=dict)
    supports: frozenset[str] = frozenset({"tools", "json_schema", "text"})
    requests: list[Recorded] = field(default_factory=list)
    _script: deque[Reply] = field(default_factory=deque)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        """The base URL a client is given (`OPENAI_BASE_URL`)."""
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply) -> None:
        """Queue answers; once they are used up, every call gets the default answer."""
        with self._lock:
            self._script.extend(replies)

    def _next(self) -> Reply:
        with self._lock:
            return self._script.popleft() if self._script else Reply()

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                if self.path.split("?")[0] != "/v1/chat/completions":
                    self._error(404, f"unknown path {self.path}", "not_found_error")
                    return
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    self._error(400, "body is not JSON", "invalid_request_error")
                    return
                headers = {k.lower(): v for k, v in self.headers.items()}
                recorded = Recorded(headers, body)
                with fake._lock:
                    fake.requests.append(recorded)
                if recorded.mode not in fake.supports:
                    # Ollama's wording for a model without tool support.
                    self._error(400, f"{body.get('model')} does not support {recorded.mode}")
                    return
                reply = fake._next()
                if reply.delay_seconds:
                    time.sleep(reply.delay_seconds)
                if reply.status != 200:
                    self._error(reply.status, reply.message or "scripted failure")
                    return
                self._json(200, fake._completion(recorded, reply))

            def _error(self, status: int, message: str, kind: str = "api_error") -> None:
                self._json(status, {"error": {"message": message, "type": kind, "code": None}})

            def _json(self, status: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                # The client may have given up waiting (a timeout under test).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def _completion(self, request: Recorded, reply: Reply) -> dict[str, Any]:
        answer = reply.answer if reply.answer is not None else self.default_answer
        message: dict[str, Any] = {"role": "assistant", "content": None}
        finish = "stop"
        if reply.content is not None:
            message["content"] = reply.content
        elif request.mode == "tools":
            asked = request.body["tools"][0]["function"]["name"]
            arguments = reply.raw_arguments
            message["tool_calls"] = [
                {
                    "id": f"call_{uuid.uuid4().hex[:24]}",
                    "type": "function",
                    "function": {
                        "name": reply.tool_name or asked,
                        "arguments": arguments if arguments is not None else json.dumps(answer),
                    },
                }
            ]
            finish = "tool_calls"
        elif request.mode == "json_schema":
            message["content"] = reply.raw_arguments or json.dumps(answer)
        else:
            # What a small local model often does with "answer in JSON".
            message["content"] = f"Sure! Here it is:\n```json\n{json.dumps(answer)}\n```"
        return {
            "id": f"chatcmpl-{uuid.uuid4().hex[:24]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.body.get("model", "?"),
            "choices": [
                {"index": 0, "message": message, "finish_reason": reply.finish_reason or finish}
            ],
            "usage": {"prompt_tokens": 812, "completion_tokens": 301, "total_tokens": 1113},
        }
