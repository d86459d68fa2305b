"""What Lambda hands a handler: an API Gateway proxy event and a context object. Kept free of
test frameworks so that a benchmark's cold process can import it cheaply."""

from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass
class LambdaContext:
    """What Lambda passes as the handler's second argument (the parts the code reads)."""

    function_name: str = "career-agent-test"
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:career-agent-test"
    remaining_ms: int = 300_000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


def proxy_event(
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: Any = None,
    claims: dict[str, Any] | None = None,
    base64_body: bool = False,
) -> dict[str, Any]:
    """An API Gateway REST proxy event (payload format 1.0) as the stage hands it to Lambda."""
    headers = {
        "Host": "abc123.execute-api.us-east-1.amazonaws.com",
        "Accept": "application/json",
        "Origin": "https://app.example.com",
        "X-Forwarded-For": "203.0.113.7",
        "X-Forwarded-Proto": "https",
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    raw = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        raw = json.dumps(body)
        if base64_body:
            raw = base64.b64encode(raw.encode()).decode()
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/prod{path}",
            "stage": "prod",
            "accountId": "123456789012",
            "apiId": "abc123",
            "protocol": "HTTP/1.1",
            "requestId": uuid.uuid4().hex,
            "requestTimeEpoch": int(time.time() * 1000),
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "pytest"},
            "authorizer": {"claims": claims} if claims else None,
        },
        "body": raw,
        "isBase64Encoded": base64_body,
    }
