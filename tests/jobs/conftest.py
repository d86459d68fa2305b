from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.jobs.cache import INDEX_CACHE
from core.storage.port import Store
from integrations.storage.sqlite import SqliteStore
from tests.fakes.jobboards_server import FakeBoards


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An embedded store of its own (no Redis needed)."""
    s = SqliteStore(tmp_path / "jobs.db")
    s.init()
    yield s
    INDEX_CACHE.clear()


@pytest.fixture
def fake_boards() -> Iterator[FakeBoards]:
    boards = FakeBoards().start()
    yield boards
    boards.stop()
