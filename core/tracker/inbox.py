"""One email from the mailbox, through the tracker: read it in its context, then apply it or
queue it for the person's review."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.email.message import EmailRef, ParsedEmail
from core.llm.port import LLM
from core.settings import Settings
from core.storage.port import Store
from core.tracker.reading import read_email
from core.tracker.repository import key, review_items
from core.tracker.review import queue_for_review
from core.tracker.updates import Outcome, Policy, apply_reading, doubt_about, review_id_for


@dataclass(frozen=True)
class Reader:
    """How mail is read: the language model that may settle a doubtful email (none: the
    classifier alone), and when a reading may change the tracker without asking."""

    llm: LLM | None = None
    policy: Policy = field(default_factory=Policy)

    @classmethod
    def of(cls, settings: Settings, llm: LLM | None) -> Reader:
        """As the settings ask: EMAIL_AUTO_UPDATE_CONFIDENCE decides what changes the tracker."""
        return cls(llm, Policy(min_confidence=settings.email_auto_update_confidence))


def handle_email(
    store: Store, user_id: str, msg: ParsedEmail, ref: EmailRef, reader: Reader
) -> Outcome:
    """Read one email and apply it, or queue it for review. Idempotent per message id."""
    if review_items(store).get(key(review_id_for(user_id, ref.message_id))) is not None:
        return Outcome("ignored")  # the person has it (or had it) in the review queue
    reading = read_email(store, user_id, msg, thread_id=ref.thread_id, llm=reader.llm)
    if reading.category in (None, "other"):
        return Outcome("ignored", reading.category, reading.about_interview)
    doubt = doubt_about(store, user_id, reading, reader.policy)
    if doubt is not None:
        item = queue_for_review(store, user_id, reading, ref, doubt)
        return Outcome(
            "review", reading.category, reading.about_interview, review_id=item.review_id
        )
    return apply_reading(store, user_id, reading, ref)
