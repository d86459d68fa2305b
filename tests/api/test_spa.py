"""The built web app as the API serves it: caching that suits hashed assets, real files for
robots.txt and the like, the app's HTML only for the app's own routes."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from integrations.container import build_services
from tests.support.env import make_settings


def _client(tmp_path: Path, redis_url: str) -> TestClient:
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Career Agent</title>")
    (dist / "assets" / "index-3f9a1c.js").write_text("console.log(1)")
    (dist / "robots.txt").write_text("User-agent: *\nDisallow: /api/\n")
    settings = make_settings(tmp_path / "data", redis_url, frontend_dist_dir=dist)
    return TestClient(create_app(services=build_services(settings)))


def test_hashed_assets_are_cached_for_a_year_and_the_page_is_revalidated(
    tmp_path: Path, redis_url: str
) -> None:
    with _client(tmp_path, redis_url) as client:
        asset = client.get("/assets/index-3f9a1c.js")
        assert asset.status_code == 200
        assert asset.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        for path in ("/", "/jobs/123", "/index.html"):
            page = client.get(path)
            assert page.status_code == 200
            assert page.headers["Cache-Control"] == "no-cache"
            assert "<title>Career Agent</title>" in page.text
        assert client.get("/assets/index-000000.js").status_code == 404


def test_robots_txt_is_a_real_file_and_missing_files_are_404(
    tmp_path: Path, redis_url: str
) -> None:
    with _client(tmp_path, redis_url) as client:
        robots = client.get("/robots.txt")
        assert robots.status_code == 200
        assert robots.headers["content-type"].startswith("text/plain")
        assert robots.text.startswith("User-agent: *")
        missing = client.get("/favicon.ico")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "not_found"
        assert "<title>" not in missing.text
