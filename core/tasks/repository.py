"""The TaskRuns table: the record of one run and the repository that reads and writes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import ConfigDict, Field, JsonValue, ValidationError

from core.storage.port import Store
from core.storage.records import Record, Repository
from core.tasks.errors import GiveUp
from core.values import Value

RunStatus = Literal["queued", "running", "retrying", "succeeded", "failed"]
TERMINAL: frozenset[RunStatus] = frozenset({"succeeded", "failed"})
OPEN_INDEX = "OpenRunsIndex"
USER_OPEN_INDEX = "UserOpenIndex"

# A task's keyword arguments and its result travel as JSON (through the broker, into the row
# and out of GET /api/tasks); each handler reads the shape of its own kind.
JsonObject = dict[str, JsonValue]


P = TypeVar("P", bound="TaskParams")


class TaskParams(Value):
    """The keyword arguments of one task kind, as they travel: camelCase JSON. Names a newer
    sender adds are ignored by an older worker."""

    model_config = ConfigDict(extra="ignore")

    def to_json(self) -> JsonObject:
        return self.model_dump(by_alias=True, mode="json")

    @classmethod
    def read(cls: type[P], kind: str, params: JsonObject) -> P:
        """The parameters of a delivered task; a run that cannot have them is given up."""
        try:
            return cls.model_validate(params)
        except ValidationError as exc:
            fields = ", ".join(sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]}))
            raise GiveUp(f"{kind} has bad parameters ({fields or 'not an object'})") from None


class TaskEffect(Record):
    """A task's effect, written once: keyed by what was done, so a redelivered task finds it
    there and does not do it again."""

    table = "TaskEffects"

    effect_id: str
    user_id: str
    kind: str
    task_id: str | None = None
    created_at: str
    worker: str | None = None  # diagnostics: which worker process did it
    analyzer: str | None = None  # resume analyses: who wrote the review


def record_effect(store: Store, effect: TaskEffect) -> TaskEffect:
    """Write the effect unless it is there already; the stored one either way."""
    return Repository(store, TaskEffect).put_new(effect)


class RunReport(Record):
    """What a run tells its owner: where it is and how it went."""

    task_id: str
    kind: str
    status: RunStatus = "queued"
    stage: str | None = None
    percent: int | None = None
    deliveries: int = Field(default=0, description="times a worker started it")
    resends: int = Field(default=0, description="times the recovery loop sent it again")
    error: str | None = Field(
        default=None,
        description="why it failed; while it is still open, the last thing that went wrong "
        "(a retried error, a worker that stopped, a resend)",
    )
    result: JsonValue = None
    created_at: str
    updated_at: str | None = None
    started_at: str | None = None
    heartbeat_at: str | None = None
    finished_at: str | None = None
    duration_ms: int | None = None


class TaskRun(RunReport):
    table = "TaskRuns"

    user_id: str = "system"
    params: JsonObject = Field(default_factory=dict)
    attempts: int = 0
    # Deliveries that ended in a planned retry rather than a dead worker.
    transient_failures: int = 0
    # Present only while the run is open: the keys of the sparse open-run indexes, and the
    # delivery holding its lease.
    open_shard: str | None = None
    opened_at: str | None = None
    checkpoint_at: str | None = None
    lease_owner: str | None = None
    version: int = 0

    @property
    def finished(self) -> bool:
        return self.status in TERMINAL

    def to_item(self) -> dict[str, Any]:
        item = super().to_item()
        # A null index key is not "absent": DynamoDB refuses it, and a finished run must
        # leave the sparse indexes. A finished run keeps none of its open-only attributes.
        for name in ("openShard", "openedAt", "checkpointAt"):
            if item.get(name) is None:
                item.pop(name, None)
        if self.finished:
            item.pop("leaseOwner", None)
        return item


class TaskRuns(Repository[TaskRun]):
    def __init__(self, store: Store) -> None:
        super().__init__(store, TaskRun)

    def find(self, task_id: str) -> TaskRun | None:
        return self.get({"taskId": task_id})

    def owned(self, task_id: str, user_id: str) -> TaskRun:
        return self.get_owned({"taskId": task_id}, user_id, what="task")

    def change(
        self, task_id: str, mutate: Callable[[TaskRun | None], TaskRun | None]
    ) -> TaskRun | None:
        return self.update({"taskId": task_id}, mutate)

    def open_in_shard(self, shard: str, *, quiet_since: str | None = None) -> list[TaskRun]:
        return self.query(shard, index=OPEN_INDEX, sort_max=quiet_since)

    def open_of(self, user_id: str) -> list[TaskRun]:
        return self.query(user_id, index=USER_OPEN_INDEX)
