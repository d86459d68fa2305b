"""The one settings object: every knob of Career Agent, read from the environment and `.env`.

Every backend is chosen here, with the embedded default first, so that `make run` works on a
fresh machine with no configuration at all.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from limits import parse as parse_limit
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

# Values that only make sense on a developer's machine; production refuses them.
DEV_SECRET_MARKER = "dev-only-change-me"
DEV_CORS_ORIGINS = ["http://localhost:5173"]
# A SECRET_KEY must carry at least this much entropy, estimated from its own characters: 32
# random hex digits measure ~120 bits, 32 copies of one letter measure 0.
MIN_SECRET_BITS = 100
# Local sign-in throttles (`limits` notation). An account's counters are keyed by its email,
# an address's by the client IP; see docs/security.md.
DEFAULT_AUTH_RATE_LIMITS = {
    "login_account": "10/15minutes",  # wrong passwords for one account
    "login_address": "30/15minutes",  # wrong passwords from one address, any account
    "verify_address": "30/15minutes",  # wrong verification codes from one address
    "signup_account": "5/hour",
    "signup_address": "20/hour",
    "resend_account": "3/15minutes",
    "resend_address": "20/hour",
    "forgot_account": "3/15minutes",  # reset codes asked for one address, registered or not
    "forgot_address": "20/hour",
    "reset_account": "5/15minutes",  # wrong reset codes for one account
    "reset_address": "30/15minutes",  # wrong reset codes from one address, any account
    "change_account": "10/15minutes",  # wrong current passwords when changing it
}
# The longest a transient failure waits before its retry (Celery countdown, SQS visibility).
RETRY_COUNTDOWN_CAP_SECONDS = 120
C = TypeVar("C", bound="DataclassInstance")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104


class SettingsError(ValueError):
    """Settings that Career Agent refuses to start with; the message names every problem."""


def _estimated_bits(secret: str) -> float:
    counts = Counter(secret)
    return -sum(n * math.log2(n / len(secret)) for n in counts.values()) if secret else 0.0


def _valid_fernet_keys(value: str) -> bool:
    try:
        for key in value.split(","):
            Fernet(key.strip())
    except ValueError:
        return False
    return True


def _readable(exc: ValidationError) -> str:
    problems = []
    for err in exc.errors():
        name = "_".join(str(p) for p in err.get("loc", ())).upper()
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{name}: {message}" if name else message)
    return "refusing to start with these settings: " + "; ".join(problems)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # --- general -----------------------------------------------------------------------------
    environment: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = ""  # the URL people open; defaults to http://{host}:{port}
    data_dir: Path = Path("data")
    log_level: str = "INFO"
    log_json: bool = True
    # Browser origins allowed to call the API; default: the dev server in development, none
    # (same origin only) in production.
    cors_origins: list[str] | None = None
    frontend_dist_dir: Path = Path("frontend/dist")

    # --- backends ----------------------------------------------------------------------------
    storage_backend: Literal["sqlite", "dynamodb"] = "sqlite"
    blob_backend: Literal["local", "s3"] = "local"
    llm_backend: Literal["local", "bedrock", "openai"] = "local"
    auth_backend: Literal["local", "cognito"] = "local"
    queue_backend: Literal["celery", "sqs"] = "celery"

    # --- storage -----------------------------------------------------------------------------
    sqlite_path: Path | None = None  # default: {data_dir}/career-agent.db
    dynamodb_endpoint_url: str | None = None
    dynamodb_table_prefix: str = ""
    aws_region: str = "us-east-1"

    # --- blobs -------------------------------------------------------------------------------
    blob_dir: Path | None = None  # default: {data_dir}/blobs
    s3_bucket: str = "career-agent-resumes"
    s3_endpoint_url: str | None = None
    s3_kms_key_id: str | None = None  # SSE-KMS when set, else SSE-S3 (AES256)
    download_url_ttl_seconds: int = 300

    # --- queue -------------------------------------------------------------------------------
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Seconds before Redis hands an unacknowledged message to another worker. Empty: derived
    # from the hard time limit (see `visibility_timeout_seconds`).
    celery_visibility_timeout_seconds: int | None = None
    # How often a worker looks for messages abandoned by dead workers, and every how many looks
    # it actually scans Redis (kombu's unacked_restore_interval / unacked_restore_throttle).
    celery_unacked_restore_interval_seconds: int = 10
    celery_unacked_restore_throttle: int = 10
    task_soft_time_limit_seconds: int = 60
    task_time_limit_seconds: int = 90
    task_max_deliveries: int = 5
    task_max_retries: int = 5
    # Recovery (docs/tasks.md): a run queued this long without a worker taking it is sent
    # again (the wait doubles after each resend, up to 16 times this).
    task_queued_timeout_seconds: int = 60
    # A running run whose worker has not written a heartbeat for this long is sent again;
    # workers beat every third of it.
    task_lease_seconds: int = 30
    # How often the recovery loop looks for such runs (Celery beat; EventBridge on AWS).
    task_recovery_interval_seconds: int = 10
    # After this many resends a run ends as failed, with the reason.
    task_max_resends: int = 10
    # Fairness: open (queued or running) runs one person may have in each lane; beyond them
    # the API answers 429 with Retry-After.
    task_max_open_interactive_per_user: int = 5
    task_max_open_background_per_user: int = 4
    # Celery worker processes per lane that `career-agent serve` starts.
    serve_interactive_concurrency: int = 2
    serve_background_concurrency: int = 1
    sqs_queue_urls: dict[str, str] = Field(default_factory=dict)  # task prefix -> queue url
    sqs_endpoint_url: str | None = None

    # --- auth --------------------------------------------------------------------------------
    local_jwt_key_path: Path | None = None  # default: {data_dir}/jwt-signing-key.pem
    local_issuer: str = ""  # default: {public_url}/auth
    local_client_id: str = "career-agent-web"
    access_token_ttl_seconds: int = 3600
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    verification_code_ttl_seconds: int = 24 * 3600
    password_reset_code_ttl_seconds: int = 15 * 60
    dev_outbox_dir: Path | None = None  # default: {data_dir}/outbox
    cognito_user_pool_id: str = ""
    cognito_client_id: str = ""
    cognito_domain: str = ""  # hosted UI domain, for the SPA's sign-in
    cognito_endpoint_url: str | None = None  # overrides the Cognito IdP endpoint (tests)
    jwks_cache_seconds: int = 3600

    # --- API ---------------------------------------------------------------------------------
    rate_limit_per_minute: int = 1000
    max_upload_bytes: int = 5 * 1024 * 1024
    # A mailbox to import (a Google Takeout mbox): streamed to the blob store, never held whole.
    email_import_max_bytes: int = 2 * 1024 * 1024 * 1024
    max_body_bytes: int = 256 * 1024  # any other request body; larger ones answer 413
    api_docs: bool | None = None  # /api/docs and /api/openapi.json; default: off in production
    auth_rate_limits: dict[str, str] = Field(default_factory=dict)  # over the defaults above

    # --- secrets -----------------------------------------------------------------------------
    secret_key: str = DEV_SECRET_MARKER  # signs local download links
    token_encryption_key: str = ""  # Fernet key for OAuth tokens; derived from secret_key if empty
    # AWS Lambda: Secrets Manager secrets, each a JSON object of SETTING_NAME -> value, read at
    # start-up and applied over the environment (SECRET_KEY, GOOGLE_CLIENT_SECRET, ...).
    secrets_manager_secret_ids: list[str] = Field(default_factory=list)

    # --- LLM ---------------------------------------------------------------------------------
    bedrock_model_id: str = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
    bedrock_endpoint_url: str | None = None
    bedrock_temperature: float = 0.7
    bedrock_top_p: float = 0.9
    bedrock_max_tokens: int = 2000
    bedrock_max_attempts: int = Field(3, ge=1)  # throttling and 5xx are retried, with backoff
    bedrock_retry_wait_seconds: float = 1.0  # first backoff; doubles per attempt
    bedrock_timeout_seconds: float = 30.0
    # Any server speaking the OpenAI chat-completions API (LLM_BACKEND=openai): Ollama
    # (http://localhost:11434/v1), vLLM, llama.cpp's server, OpenAI itself.
    openai_base_url: str = "http://localhost:11434/v1"
    openai_api_key: str = ""  # local servers accept any non-empty value
    openai_model: str = "llama3.2"
    openai_temperature: float | None = 0.2  # empty: the server's default (some models refuse one)
    openai_max_tokens: int = 2000
    openai_max_attempts: int = Field(2, ge=1)  # 5xx, 429 and dropped connections are retried
    openai_retry_wait_seconds: float = 1.0
    # Seconds one attempt may take in background work. All attempts together must end before
    # TASK_SOFT_TIME_LIMIT_SECONDS, so that a task keeps its local result instead of stopping.
    openai_timeout_seconds: float = 25.0
    # A request a person waits on (a match explanation, a market narrative) gets one attempt of
    # at most this long, then the local result: far inside API Gateway's 29 s.
    llm_interactive_timeout_seconds: float = 8.0

    # --- resumes -----------------------------------------------------------------------------
    resume_max_pages: int = 20  # pages read from a PDF; longer files are refused
    resume_extract_timeout_seconds: float = 8.0  # text extraction stops after this long
    resume_max_uncompressed_bytes: int = 40 * 1024 * 1024  # DOCX zip-bomb guard
    resume_max_compression_ratio: int = 100  # DOCX zip-bomb guard, per member
    # Scanned PDFs: "auto" (embedded RapidOCR, else Tesseract if installed), "rapidocr",
    # "tesseract" or "off"; OCR runs in its own child process under these limits.
    resume_ocr: Literal["auto", "rapidocr", "tesseract", "off"] = "auto"
    resume_ocr_timeout_seconds: float = 60.0
    resume_ocr_max_pages: int = 4

    # --- Gmail -------------------------------------------------------------------------------
    google_client_id: str = ""
    google_client_secret: str = ""
    google_redirect_uri: str = ""  # default: {public_url}/api/gmail/callback
    google_auth_uri: str = "https://accounts.google.com/o/oauth2/auth"
    google_token_uri: str = "https://oauth2.googleapis.com/token"
    google_revoke_uri: str = "https://oauth2.googleapis.com/revoke"
    gmail_api_base_url: str | None = None  # overrides https://gmail.googleapis.com/ (tests)
    gmail_scan_interval_minutes: int = 10
    # Pacing under Google's per-user quota (15,000 units a minute): see core/gmail/quota.py.
    gmail_quota_units_per_second: float = 240.0
    gmail_quota_burst: float = 250.0
    # How sure a reading of an email must be to change interviews and applications by itself;
    # below it (or when the email names no job) it waits in the review queue.
    email_auto_update_confidence: float = Field(default=0.8, ge=0.0, le=1.0)

    # --- jobs --------------------------------------------------------------------------------
    job_boards: list[str] = Field(default_factory=list)  # e.g. ["greenhouse:acme", "lever:foo"]
    job_ingest_interval_minutes: int = 360
    greenhouse_base_url: str = "https://boards-api.greenhouse.io/v1/boards"
    lever_base_url: str = "https://api.lever.co/v0/postings"
    ashby_base_url: str = "https://api.ashbyhq.com/posting-api/job-board"
    # An S3 bucket (at S3_ENDPOINT_URL when set) for the job index that ingestion publishes:
    # API processes load it instead of reading every job (AWS Lambda). Empty: each process
    # builds the index from the Jobs table itself.
    jobs_index_bucket: str = ""

    @field_validator("openai_temperature", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _fill_defaults_and_refuse_placeholders(self) -> Settings:
        if not self.public_url:
            self.public_url = f"http://{'localhost' if self.host in ('127.0.0.1', '0.0.0.0') else self.host}:{self.port}"  # noqa: S104, E501
        self.public_url = self.public_url.rstrip("/")
        if self.sqlite_path is None:
            self.sqlite_path = self.data_dir / "career-agent.db"
        if self.blob_dir is None:
            self.blob_dir = self.data_dir / "blobs"
        if self.local_jwt_key_path is None:
            self.local_jwt_key_path = self.data_dir / "jwt-signing-key.pem"
        if self.dev_outbox_dir is None:
            self.dev_outbox_dir = self.data_dir / "outbox"
        if not self.local_issuer:
            self.local_issuer = f"{self.public_url}/auth"
        if not self.google_redirect_uri:
            self.google_redirect_uri = f"{self.public_url}/api/gmail/callback"
        production = self.environment == "production"
        if self.cors_origins is None:
            self.cors_origins = [] if production else list(DEV_CORS_ORIGINS)
        if self.api_docs is None:
            self.api_docs = not production
        problems = self._problems()
        if production:
            problems += self._production_problems()
        if problems:
            raise ValueError("; ".join(problems))
        self.auth_rate_limits = {**DEFAULT_AUTH_RATE_LIMITS, **self.auth_rate_limits}
        return self

    def _problems(self) -> list[str]:
        problems = []
        if (
            self.celery_visibility_timeout_seconds is not None
            and self.celery_visibility_timeout_seconds <= self.task_time_limit_seconds
        ):
            problems.append("CELERY_VISIBILITY_TIMEOUT_SECONDS must exceed TASK_TIME_LIMIT_SECONDS")
        if self.task_soft_time_limit_seconds >= self.task_time_limit_seconds:
            problems.append("TASK_SOFT_TIME_LIMIT_SECONDS must be below TASK_TIME_LIMIT_SECONDS")
        if self.task_lease_seconds < 3:
            problems.append("TASK_LEASE_SECONDS must be at least 3 (workers beat every third)")
        for name in ("task_queued_timeout_seconds", "task_recovery_interval_seconds"):
            if getattr(self, name) < 1:
                problems.append(f"{name.upper()} must be at least 1")
        for name, rule in self.auth_rate_limits.items():
            if name not in DEFAULT_AUTH_RATE_LIMITS:
                problems.append(f"AUTH_RATE_LIMITS: unknown rule {name!r}")
                continue
            try:
                parse_limit(rule)
            except ValueError:
                problems.append(f"AUTH_RATE_LIMITS: {name} is not a limit like '10/15minutes'")
        if self.max_body_bytes < 1024:
            problems.append("MAX_BODY_BYTES must be at least 1024")
        if self.llm_backend == "openai":
            if not self.openai_api_key.strip():
                problems.append(
                    "OPENAI_API_KEY must be set with LLM_BACKEND=openai (any value for a local"
                    " server such as Ollama)"
                )
            if not self.openai_model.strip():
                problems.append("OPENAI_MODEL must name a model with LLM_BACKEND=openai")
            budget = self.openai_max_attempts * self.openai_timeout_seconds
            if budget >= self.task_soft_time_limit_seconds:
                problems.append(
                    f"OPENAI_MAX_ATTEMPTS x OPENAI_TIMEOUT_SECONDS ({budget:g} s) must stay below"
                    f" TASK_SOFT_TIME_LIMIT_SECONDS ({self.task_soft_time_limit_seconds} s), so"
                    " that a slow model leaves a task its local result"
                )
            if urlsplit(self.openai_base_url).scheme not in ("http", "https"):
                problems.append(
                    "OPENAI_BASE_URL must be an http(s) URL, like http://localhost:11434/v1"
                )
        for name in ("openai_timeout_seconds", "llm_interactive_timeout_seconds"):
            if getattr(self, name) <= 0:
                problems.append(f"{name.upper()} must be positive")
        return problems

    def _production_problems(self) -> list[str]:
        problems = []
        key = self.secret_key
        if DEV_SECRET_MARKER in key or len(key) < 32 or _estimated_bits(key) < MIN_SECRET_BITS:
            problems.append(
                "SECRET_KEY must be a random value of 32+ characters"
                " (for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        if self.token_encryption_key:
            if not _valid_fernet_keys(self.token_encryption_key):
                problems.append(
                    "TOKEN_ENCRYPTION_KEY must be Fernet keys, comma-separated (for example:"
                    " python -c 'from cryptography.fernet import Fernet;"
                    " print(Fernet.generate_key().decode())')"
                )
        elif not self.secrets_manager_secret_ids:
            # With Secrets Manager the key is derived from a KMS-encrypted SECRET_KEY.
            problems.append(
                "TOKEN_ENCRYPTION_KEY must be set to a Fernet key (or the secrets read from"
                " Secrets Manager, encrypted with KMS)"
            )
        if self.auth_backend == "local":
            problems.append("AUTH_BACKEND=local is for development (use cognito)")
        local = [o for o in self.cors_origins or [] if urlsplit(o).hostname in _LOCAL_HOSTS]
        if local:
            problems.append(f"CORS_ORIGINS must not allow local origins: {', '.join(local)}")
        return problems

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise SettingsError(_readable(exc)) from None

    def section(
        self,
        config: type[C],
        prefix: str,
        *,
        renamed: Mapping[str, str] | None = None,
        fixed: Collection[str] = (),
    ) -> C:
        """A component's config dataclass, filled from the settings that share its field names
        after `prefix` (`renamed` maps a field to a setting of another name). Every field must
        have its setting unless it is `fixed` (it keeps its default), so that a setting renamed
        on one side fails at once instead of silently falling back to the default."""
        renamed = renamed or {}
        values: dict[str, Any] = {}
        for f in fields(config):
            if f.name in fixed:
                continue
            name = renamed.get(f.name, prefix + f.name)
            if name not in type(self).model_fields:
                raise AttributeError(f"no setting {name} for {config.__name__}.{f.name}")
            values[f.name] = getattr(self, name)
        return config(**values)

    @property
    def visibility_timeout_seconds(self) -> int:
        """How long Redis lets a worker hold a message before handing it to another.

        It must outlast the longest a message can be held on purpose: a retry's countdown
        (held by the worker until due) plus the task's hard time limit, plus a margin. Every
        task kind shares TASK_TIME_LIMIT_SECONDS, so that is the longest hard limit. A dead
        worker's runs do not wait for this: the recovery loop resends them after the lease.
        """
        if self.celery_visibility_timeout_seconds is not None:
            return self.celery_visibility_timeout_seconds
        return self.task_time_limit_seconds + RETRY_COUNTDOWN_CAP_SECONDS + 30

    @property
    def llm_model(self) -> str | None:
        """The model that writes AI text (None without one), as its provider names it."""
        return {"bedrock": self.bedrock_model_id, "openai": self.openai_model}.get(self.llm_backend)

    @property
    def is_cognito(self) -> bool:
        return self.auth_backend == "cognito"

    @property
    def cognito_issuer(self) -> str:
        region = self.cognito_user_pool_id.split("_", 1)[0] or self.aws_region
        return f"https://cognito-idp.{region}.amazonaws.com/{self.cognito_user_pool_id}"


@lru_cache
def get_settings() -> Settings:
    return Settings()
