"""A message fetched with `format=full`, put back together as RFC 822 bytes for the parser.

`format=raw` would download every attachment; `format=full` carries the text parts inline and
names each attachment by an `attachmentId` instead. Parts whose body was not downloaded keep
their headers (so a filename still shows) with an empty body.
"""

from __future__ import annotations

import base64
import email
import email.policy
from collections.abc import Mapping
from email.message import Message
from typing import Any

# Calendar files are how invitations say when and where; small ones are worth a request.
MAX_CALENDAR_BYTES = 256 * 1024


def decode_data(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def wanted_attachments(payload: Mapping[str, Any]) -> list[str]:
    """The attachment ids of the calendar files in a message, small enough to fetch."""
    found: list[str] = []
    body = payload.get("body") or {}
    attachment_id = body.get("attachmentId")
    if attachment_id and _is_calendar(payload) and int(body.get("size") or 0) <= MAX_CALENDAR_BYTES:
        found.append(str(attachment_id))
    for part in payload.get("parts") or []:
        found.extend(wanted_attachments(part))
    return found


def _is_calendar(part: Mapping[str, Any]) -> bool:
    mime = str(part.get("mimeType") or "").lower()
    name = str(part.get("filename") or "").lower()
    return mime in ("text/calendar", "application/ics") or name.endswith((".ics", ".vcs"))


def rebuild(payload: Mapping[str, Any], attachments: Mapping[str, bytes]) -> bytes:
    """RFC 822 bytes of the message described by a `format=full` payload."""
    return _part(payload, attachments).as_bytes(policy=email.policy.compat32)


def _part(payload: Mapping[str, Any], attachments: Mapping[str, bytes]) -> Message:
    message = Message()
    for header in payload.get("headers") or []:
        name = str(header.get("name") or "")
        if name and name.lower() != "content-transfer-encoding":
            message[name] = str(header.get("value") or "")
    children = payload.get("parts")
    mime = str(payload.get("mimeType") or "").lower()
    if children:
        message.set_payload([_part(child, attachments) for child in children])
        return message
    body = payload.get("body") or {}
    if "data" in body:
        data = decode_data(str(body["data"]))
    else:
        data = attachments.get(str(body.get("attachmentId") or ""), b"")
    if mime == "message/rfc822" and data:
        message.set_payload([email.message_from_bytes(data, policy=email.policy.compat32)])
        return message
    if mime.startswith("multipart/"):
        return message  # an empty multipart: nothing to carry
    # Gmail hands over decoded bodies; base64 carries any bytes and keeps lines short.
    message["Content-Transfer-Encoding"] = "base64"
    message.set_payload(base64.encodebytes(data).decode("ascii"))
    return message
