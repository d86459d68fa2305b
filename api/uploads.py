"""File uploads as multipart forms, read under a size limit: a body declared too large is
refused before a byte is read, one that grows too large is cut off while it streams."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from core.errors import DomainError, InvalidInput

# Room for the multipart envelope and the small form fields around the file.
ENVELOPE_BYTES = 64 * 1024


def upload_body(**fields: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI request body of an upload: a required `file` and these form fields."""
    properties = {"file": {"type": "string", "format": "binary"}, **fields}
    schema = {"type": "object", "required": ["file"], "properties": properties}
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
    }


async def _limited(
    request: Request, limit: int, too_large: Callable[[int], DomainError]
) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit + ENVELOPE_BYTES:
            raise too_large(limit)
        yield chunk


@asynccontextmanager
async def multipart_file(
    request: Request,
    *,
    limit: int,
    too_large: Callable[[int], DomainError],
    what: str,
    max_fields: int,
) -> AsyncIterator[tuple[UploadFile, FormData]]:
    """The uploaded `file` of a multipart form of at most `limit` bytes (plus its envelope),
    and the whole form; the form's spooled files are closed on leaving."""
    if not request.headers.get("content-type", "").startswith("multipart/form-data"):
        raise InvalidInput(f"send the {what} as multipart/form-data with a 'file' field")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit + ENVELOPE_BYTES:
        raise too_large(limit)
    # The parser spools a file to a temporary file past 1 MB: memory stays small.
    parser = MultiPartParser(
        request.headers, _limited(request, limit, too_large), max_files=1, max_fields=max_fields
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InvalidInput(f"the upload is not valid multipart data: {exc.message}") from None
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput(f"add the {what} as a file in the 'file' field")
        if (upload.size or 0) > limit:
            raise too_large(limit)
        yield upload, form
    finally:
        await form.close()
