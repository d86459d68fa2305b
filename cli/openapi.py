"""`career-agent openapi [PATH]`: writes the API's OpenAPI document (for the web client)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("openapi", help="write the API's OpenAPI document as JSON")
    p.add_argument("path", nargs="?", default="-", help="output file (default: stdout)")
    p.set_defaults(func=run)


def openapi_document() -> dict:
    from api.app import create_app

    return create_app().openapi()


def run(args: argparse.Namespace) -> int:
    text = json.dumps(openapi_document(), indent=2, sort_keys=True) + "\n"
    if args.path == "-":
        print(text, end="")
    else:
        Path(args.path).write_text(text, encoding="utf-8")
    return 0
