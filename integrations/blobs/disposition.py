"""The `Content-Disposition` of a download, safe for any file name."""

from __future__ import annotations

from urllib.parse import quote


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback name and the exact UTF-8 name (RFC 6266)."""
    fallback = (
        "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in filename)
        or "download"
    )
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
