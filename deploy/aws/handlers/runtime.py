"""What every Lambda container builds once and reuses across invocations: settings (with the
secrets read from Secrets Manager) and the services built from them."""

from __future__ import annotations

import json
import os
import threading
from typing import Any

from core.logs import configure_logging, get_logger
from core.settings import Settings
from integrations.aws import aws_client
from integrations.container import Services, build_services, set_services

log = get_logger(__name__)

SECRET_IDS_VARIABLE = "SECRETS_MANAGER_SECRET_IDS"

_lock = threading.Lock()
_services: Services | None = None


def secret_ids_from_env(environ: dict[str, str] | None = None) -> list[str]:
    raw = (environ if environ is not None else os.environ).get(SECRET_IDS_VARIABLE, "").strip()
    if not raw:
        return []
    if raw.startswith("["):
        ids = json.loads(raw)
        return [str(i) for i in ids if str(i).strip()]
    return [part.strip() for part in raw.split(",") if part.strip()]


def read_secret_settings(secret_ids: list[str], client: Any = None) -> dict[str, Any]:
    """Setting values held in Secrets Manager. Each secret is a JSON object keyed by setting
    name (any case); empty values are skipped so that a placeholder never hides a default."""
    if not secret_ids:
        return {}
    client = client or aws_client("secretsmanager")
    known = set(Settings.model_fields)
    values: dict[str, Any] = {}
    for secret_id in secret_ids:
        text = client.get_secret_value(SecretId=secret_id)["SecretString"]
        document = json.loads(text)
        if not isinstance(document, dict):
            raise ValueError(f"secret {secret_id} is not a JSON object")
        for key, value in document.items():
            field = key.lower()
            if field not in known:
                log.warning("secret_key_ignored", secret=secret_id, key=key)
                continue
            if value in ("", None):
                continue
            values[field] = value
    return values


def load_settings() -> Settings:
    """Settings from the environment, with the values from Secrets Manager taking precedence."""
    overrides = read_secret_settings(secret_ids_from_env())
    return Settings(**overrides)


def services() -> Services:
    """The container's services, built on first use and kept for the container's life."""
    global _services
    if _services is None:
        with _lock:
            if _services is None:
                settings = load_settings()
                configure_logging(settings.log_level, json=settings.log_json)
                built = build_services(settings)
                set_services(built)
                _services = built
    return _services


def use_services(value: Services | None) -> None:
    """Replace the container's services (tests, or a forced rebuild)."""
    global _services
    with _lock:
        _services = value
        set_services(value)
