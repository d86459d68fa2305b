"""Every table Career Agent stores, with its key and secondary indexes.

The names and keys are shared by both storage adapters (SQLite and DynamoDB) and by the AWS
template, so a table is declared once, here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Index:
    name: str
    partition_key: str
    sort_key: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    partition_key: str
    sort_key: str | None = None
    indexes: tuple[Index, ...] = field(default_factory=tuple)
    # Attribute holding the user id when it is not the partition key; used by account erasure
    # and export to find everything that belongs to one person.
    owner_attribute: str | None = "userId"
    # Bookkeeping that is useless after a while: DynamoDB deletes an item this many seconds
    # after its last write (its TTL attribute, EXPIRY_ATTRIBUTE). The SQLite store keeps them.
    expire_after_seconds: int | None = None

    def index(self, name: str) -> Index:
        for idx in self.indexes:
            if idx.name == name:
                return idx
        raise KeyError(f"table {self.name} has no index {name}")

    def key_of(self, item: dict[str, Any]) -> dict[str, Any]:
        key: dict[str, Any] = {self.partition_key: item[self.partition_key]}
        if self.sort_key:
            key[self.sort_key] = item[self.sort_key]
        return key


_USER_INDEX_BY_CREATED = (Index("UserIdIndex", "userId", "createdAt"),)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("Users", "userId", indexes=(Index("EmailIndex", "email"),)),
        # Local sign-in accounts (the embedded token issuer); Cognito keeps its own.
        Table("AuthAccounts", "email", indexes=(Index("UserIdIndex", "userId"),)),
        Table("RefreshTokens", "tokenId", indexes=_USER_INDEX_BY_CREATED),
        # OpenRunsIndex and UserOpenIndex are sparse: a run is in them only while it is open
        # (core/tasks/runs.py), for the recovery loop and the per-person limits.
        Table(
            "TaskRuns",
            "taskId",
            indexes=(
                *_USER_INDEX_BY_CREATED,
                Index("OpenRunsIndex", "openShard", "checkpointAt"),
                Index("UserOpenIndex", "userId", "openedAt"),
            ),
        ),
        # An effect written by a task, keyed so that a redelivered task cannot write it twice.
        Table("TaskEffects", "effectId", indexes=_USER_INDEX_BY_CREATED),
        Table("Resumes", "resumeId", indexes=_USER_INDEX_BY_CREATED),
        # Numbered 1, 2, 3…; not "version", which optimistic writes use as their counter.
        Table("ResumeVersions", "resumeId", "versionNumber", indexes=_USER_INDEX_BY_CREATED),
        Table(
            "Jobs",
            "jobId",
            indexes=(
                Index("SourceDateIndex", "source", "postedDate"),
                Index("DedupIndex", "dedupKey"),
            ),
            owner_attribute=None,
        ),
        Table(
            "Applications", "applicationId", indexes=(Index("UserIdIndex", "userId", "appliedAt"),)
        ),
        Table("GmailAccounts", "userId"),
        Table("OAuthStates", "state", indexes=_USER_INDEX_BY_CREATED),
        Table("ProcessedMessages", "userId", "messageId"),
        # Mail imported from a file (an mbox, .eml files, the demo mailbox), with its counts.
        Table("EmailImports", "userId", "importId"),
        Table("Interviews", "interviewId", indexes=(Index("UserIdIndex", "userId", "startsAt"),)),
        # Emails that might change the tracker, waiting for the person's word.
        Table("ReviewItems", "reviewId", indexes=_USER_INDEX_BY_CREATED),
        # Job ingestion bookkeeping (the Jobs generation counter, each board's last sync).
        Table("JobsMeta", "metaKey", owner_attribute=None),
        # Sign-in throttle counters where there is no Redis (keyed by digests, not emails).
        Table("RateLimits", "limitKey", owner_attribute=None),
    )
}


# Epoch seconds after which DynamoDB may delete an item (its time-to-live attribute).
EXPIRY_ATTRIBUTE = "purgeAt"
_DAY = 24 * 3600
# A task message lives at most 4 days in its queue and 14 in the dead-letter queue: runs and
# effects outlive any redelivery. Processed Gmail messages outlive the 30 days a full scan looks
# back, so none is handled twice. OAuth states are valid for minutes.
EXPIRE_AFTER_DAYS = {"TaskRuns": 30, "TaskEffects": 30, "ProcessedMessages": 90, "OAuthStates": 1}
TABLES.update(
    {name: replace(TABLES[name], expire_after_seconds=days * _DAY)
     for name, days in EXPIRE_AFTER_DAYS.items()}
)  # fmt: skip


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name}") from None
