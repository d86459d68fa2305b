"""Every table Career Agent stores, with its key and secondary indexes.

The names and keys are shared by both storage adapters (SQLite and DynamoDB) and by the AWS
template, so a table is declared once, here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def key_of(self, item: dict) -> dict:
        key = {self.partition_key: item[self.partition_key]}
        if self.sort_key:
            key[self.sort_key] = item[self.sort_key]
        return key


_USER_INDEX_BY_CREATED = (Index("UserIdIndex", "userId", "createdAt"),)
# Epoch seconds after which DynamoDB may delete the item (its time-to-live attribute).
EXPIRY_ATTRIBUTE = "purgeAt"
_DAY = 24 * 3600
# A task message lives at most 4 days in its queue and 14 in the dead-letter queue: runs and
# effects outlive any redelivery.
TASK_RECORDS_DAYS = 30
# Longer than the 30 days a full Gmail scan looks back, so no message is handled twice.
PROCESSED_MESSAGES_DAYS = 90

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("Users", "userId", indexes=(Index("EmailIndex", "email"),)),
        # Local sign-in accounts (the embedded token issuer); Cognito keeps its own.
        Table("AuthAccounts", "email", indexes=(Index("UserIdIndex", "userId"),)),
        Table("RefreshTokens", "tokenId", indexes=_USER_INDEX_BY_CREATED),
        Table(
            "TaskRuns",
            "taskId",
            indexes=_USER_INDEX_BY_CREATED,
            expire_after_seconds=TASK_RECORDS_DAYS * _DAY,
        ),
        # An effect written by a task, keyed so that a redelivered task cannot write it twice.
        Table(
            "TaskEffects",
            "effectId",
            indexes=_USER_INDEX_BY_CREATED,
            expire_after_seconds=TASK_RECORDS_DAYS * _DAY,
        ),
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
        # Valid for minutes; kept a day.
        Table("OAuthStates", "state", indexes=_USER_INDEX_BY_CREATED, expire_after_seconds=_DAY),
        Table(
            "ProcessedMessages",
            "userId",
            "messageId",
            expire_after_seconds=PROCESSED_MESSAGES_DAYS * _DAY,
        ),
        Table("Interviews", "interviewId", indexes=(Index("UserIdIndex", "userId", "startsAt"),)),
        # Job ingestion bookkeeping (the Jobs generation counter, each board's last sync).
        Table("JobsMeta", "metaKey", owner_attribute=None),
    )
}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"unknown table {name}") from None
