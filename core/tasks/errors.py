class TransientError(Exception):
    """A failure worth retrying later (network blip, throttling, a lock held by another run)."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class GiveUp(Exception):
    """A run that must not be tried again (its inputs are gone or invalid)."""
