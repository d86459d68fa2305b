from __future__ import annotations

import json
import sys
from typing import Any


def print_json(obj: Any) -> None:
    """The JSON contract: camelCase keys, UTF-8, one document on stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")
