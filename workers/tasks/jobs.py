"""Job ingestion tasks: one run per board, and a fan-out that starts them all."""

from __future__ import annotations

from typing import Any

from core.jobs.ingest import BoardBusy
from core.jobs.model import RawPosting
from core.jobs.service import publish_index, sync_one_board
from core.jobs.sources import BoardError, BoardNotFound, BoardUnavailable
from core.storage.port import Store
from core.tasks import runs
from core.tasks.context import TaskContext
from core.tasks.errors import GiveUp, TransientError
from core.tasks.registry import task_handler

BUSY_RETRY_SECONDS = 60


@task_handler("jobs.ingest_board")
def ingest_board(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    spec = str(params.get("board") or "")
    try:
        board, token = ctx.boards.for_spec(spec)
    except ValueError as exc:
        raise GiveUp(str(exc)) from None

    def fetch() -> list[RawPosting]:
        try:
            return board.fetch(token)
        except BoardUnavailable as exc:
            raise TransientError(str(exc), retry_after=exc.retry_after) from None
        except BoardNotFound as exc:
            raise GiveUp(str(exc)) from None
        except BoardError as exc:
            raise GiveUp(str(exc)) from None

    try:
        result = sync_one_board(ctx.store, spec, fetch, ctx.progress)
    except BoardBusy as exc:
        raise TransientError(str(exc), retry_after=BUSY_RETRY_SECONDS) from None
    ctx.progress("publishing", None)
    return {"board": spec, **result.to_dict(), "publishedIndex": _published(ctx.store)}


@task_handler("jobs.publish_index")
def publish_job_index(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    """Publish the job index now if the jobs changed since the last snapshot."""
    return {"publishedIndex": _published(ctx.store)}


def _published(store: Store) -> dict[str, int] | None:
    published = publish_index(store)
    return published.to_dict() if published is not None else None


@task_handler("jobs.ingest_all")
def ingest_all(ctx: TaskContext, params: dict[str, Any]) -> dict[str, Any]:
    """Start one `jobs.ingest_board` run per configured board. Each board succeeds or fails
    on its own; a redelivered fan-out does not start a board twice."""
    boards = list(params.get("boards") or ctx.settings.job_boards)
    started: list[dict[str, str]] = []
    for n, spec in enumerate(boards):
        task_id = f"{ctx.task_id}-{n}"
        run = runs.ensure_run(
            ctx.store, task_id, user_id=None, kind="jobs.ingest_board", params={"board": spec}
        )
        if run is None or run.status != "queued":
            continue
        ctx.queue.enqueue("jobs.ingest_board", {"board": spec}, task_id=run.task_id)
        started.append({"board": spec, "taskId": run.task_id})
    return {"boards": len(boards), "started": started}
