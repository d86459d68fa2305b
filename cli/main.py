"""`career-agent`: the command line. Its JSON output and exit codes are a contract."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from cli import backup, db, email, jobs, openapi, resume, roadmap, serve
from cli.errors import CliError

COMMANDS = (serve, db, resume, jobs, email, roadmap, backup, openapi)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own usage errors also end with exit 2 and one line.
        sys.stderr.write(f"career-agent: {message} (see --help)\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="career-agent", description="Career Agent from the command line.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Library chatter (pypdf warnings, botocore) must not pollute a JSON stdout or stderr line.
    logging.disable(logging.WARNING)
    os.environ.setdefault("LOG_JSON", "false")
    # Our own warnings (an S3 look-alike without encryption...) go to stderr, never into the
    # JSON on stdout.
    from core.logs import configure_logging

    configure_logging("WARNING", json=os.environ["LOG_JSON"].lower() == "true")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except CliError as exc:
        sys.stderr.write(f"career-agent: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("career-agent: interrupted\n")
        return 130
    except Exception as exc:  # the contract: never a traceback
        first = str(exc).strip().splitlines()
        sys.stderr.write(f"career-agent: {first[0] if first else type(exc).__name__}\n")
        return 1
    return int(code or 0)


if __name__ == "__main__":
    raise SystemExit(main())
