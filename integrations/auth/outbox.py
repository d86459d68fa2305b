"""The development outbox: outgoing emails written as .eml files in a folder."""

from __future__ import annotations

import os
import time
import uuid
from email.message import EmailMessage
from pathlib import Path


class FolderOutbox:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        tmp = self.folder / f".{name}.tmp"
        tmp.write_bytes(bytes(message))
        os.replace(tmp, self.folder / name)
