"""Structured logs: one JSON object per line, with the request id bound where there is one."""

from __future__ import annotations

import logging
import sys
from typing import TextIO

import structlog

_configured = False


class _ProcessStderr:
    """The process's own standard error (file descriptor 2), whatever `sys.stderr` is swapped
    for: a stream that replaces it for a while (a test capturing output) and is then closed
    must not take the logs with it, and one that feeds back into logging (Celery's redirect of
    stdout and stderr) must not loop."""

    @staticmethod
    def _stream() -> TextIO:
        return sys.__stderr__ or sys.stderr

    def write(self, text: str) -> int:
        return self._stream().write(text)

    def flush(self) -> None:
        self._stream().flush()


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    shared: list[structlog.types.Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[*shared, structlog.processors.format_exc_info, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(_ProcessStderr()),  # type: ignore[arg-type]
        cache_logger_on_first_use=True,
    )
    # Libraries that log through the standard library end up as JSON lines too.
    handler = logging.StreamHandler(_ProcessStderr())
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(processor=renderer, foreign_pre_chain=shared)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("uvicorn.access", "botocore", "urllib3", "googleapiclient.discovery_cache"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.get_logger(name)
    return logger
