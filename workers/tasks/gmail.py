"""Gmail tasks: scan one account; fan out one scan per connected account (the schedule);
import saved mail through the same pipeline."""

from __future__ import annotations

import time

from core.emailimport.service import IMPORT_TASK, ImportParams, run_import
from core.gmail.accounts import SCAN_TASK, ScanParams, require_configured
from core.gmail.lease import AccountLease, scan_lock_key
from core.gmail.ports import ScanLock
from core.gmail.scan import fan_out, scan_account
from core.tasks.context import TaskContext
from core.tasks.registry import task_handler
from core.tasks.repository import JsonObject
from core.tasks.runs import enqueue
from core.tracker.inbox import Reader
from integrations.gmail import build_quota
from integrations.redis_lease import RedisLease

# The lock outlives a stalled worker by this much; a live scan renews it after every batch.
LOCK_TTL_SECONDS = 120
# Share of the soft time limit a run spends scanning before it hands the rest to a new run.
BUDGET_SHARE = 0.6


def _lock(ctx: TaskContext, user_id: str) -> ScanLock:
    if ctx.redis is not None:
        return RedisLease(ctx.redis, scan_lock_key(user_id), ctx.task_id, LOCK_TTL_SECONDS)
    return AccountLease(ctx.store, user_id, ctx.task_id, LOCK_TTL_SECONDS)


@task_handler(SCAN_TASK)
def scan(ctx: TaskContext, params: JsonObject) -> JsonObject:
    user_id = ScanParams.read(SCAN_TASK, params).user_id
    require_configured(ctx.settings)
    deadline = time.monotonic() + ctx.settings.task_soft_time_limit_seconds * BUDGET_SHARE
    result = scan_account(
        ctx.store,
        ctx.gmail,
        ctx.cipher,
        _lock(ctx, user_id),
        user_id,
        reader=Reader.of(ctx.settings, ctx.llm),
        deadline=deadline,
        progress=ctx.progress,
        quota=build_quota(ctx.settings, ctx.redis, user_id),
    )
    out: JsonObject = {**result.to_json()}
    if not result.complete and result.status == "ok":
        follow_up = enqueue(ctx.store, ctx.queue, user_id=user_id, kind=SCAN_TASK, params=params)
        out["continuedIn"] = follow_up.task_id
    return out


@task_handler("gmail.scan_all")
def scan_all(ctx: TaskContext, params: JsonObject) -> JsonObject:
    if not (ctx.settings.google_client_id and ctx.settings.google_client_secret):
        return {"enqueued": 0, "failed": 0, "skipped": "Gmail is not configured"}
    return {**fan_out(ctx.store, ctx.queue)}


@task_handler(IMPORT_TASK)
def import_mailbox(ctx: TaskContext, params: JsonObject) -> JsonObject:
    wanted = ImportParams.read(IMPORT_TASK, params)
    user_id, import_id = wanted.user_id, wanted.import_id
    deadline = time.monotonic() + ctx.settings.task_soft_time_limit_seconds * BUDGET_SHARE
    result = run_import(
        ctx.store,
        ctx.blobs,
        user_id,
        import_id,
        task_id=ctx.task_id,
        reader=Reader.of(ctx.settings, ctx.llm),
        deadline=deadline,
        progress=ctx.progress,
    )
    out: JsonObject = {**result.to_json()}
    if not result.complete:
        follow_up = enqueue(ctx.store, ctx.queue, user_id=user_id, kind=IMPORT_TASK, params=params)
        out["continuedIn"] = follow_up.task_id
    return out
