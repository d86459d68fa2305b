"""Without a language model the web app is told so (and labels no text as AI-written)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_local_backend_has_no_model(client: TestClient) -> None:
    config = client.get("/api/config").json()
    assert (config["llm"], config["llmModel"]) == ("local", None)
