"""Messages and mbox files for the import tests, good and bad, made here."""

from __future__ import annotations

import base64
from email.message import EmailMessage
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "demo" / "mailbox"


def message(n: int, body: str = "Thanks for your order.", **headers: str) -> bytes:
    msg = EmailMessage()
    msg["Subject"] = headers.pop("subject", f"Receipt {n}")
    msg["From"] = "shop@example.com"
    msg["To"] = "sam.taylor@example.com"
    msg["Date"] = "Tue, 01 Dec 2026 13:13:00 +0000"
    msg["Message-ID"] = f"<msg-{n}@example.com>"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    return msg.as_bytes()


def big_attachment(n: int, size: int = 25 * 1024 * 1024) -> bytes:
    """A message carrying a `size`-byte attachment, base64 as mail sends it."""
    head = (
        f"From: a@example.com\r\nTo: sam.taylor@example.com\r\nSubject: slides {n}\r\n"
        f"Message-ID: <big-{n}@example.com>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        "Content-Type: text/plain\r\n\r\nThe deck is attached.\r\n--b\r\n"
        "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        'Content-Disposition: attachment; filename="deck.bin"\r\n\r\n'
    ).encode()
    line = base64.b64encode(b"\x00" * 57) + b"\r\n"
    return head + line * (size // 57 + 1) + b"--b--\r\n"


MALFORMED_MIME = (
    b'Content-Type: multipart/mixed; boundary="never-closed"\r\nMIME-Version: 1.0\r\n'
    b"From: broken@example.com\r\nSubject: half a message\r\n\r\n--never-closed\r\n"
    b'Content-Type: text/plain; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    b"!!!! not base64 at all \xff\xfe\r\n"
)
UNKNOWN_CHARSET = (
    b"From: faraway@example.com\r\nTo: sam.taylor@example.com\r\nSubject: =?x-klingon?q?qapla?=\r\n"
    b"Message-ID: <charset@example.com>\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: text/plain; charset="x-no-such-charset"\r\n\r\n\xc3\x28\xa0\xa1 body\r\n'
)
BINARY = b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 4


def mbox(messages: list[bytes], *, leading: bytes = b"") -> bytes:
    """An mbox as Takeout writes it: a separator line before each message, mboxrd quoting."""
    out = [leading]
    for n, raw in enumerate(messages):
        out.append(f"From {1790000000000000 + n}@xxx Tue Dec 01 13:13:00 +0000 2026\n".encode())
        for line in raw.replace(b"\r\n", b"\n").split(b"\n"):
            if line.lstrip(b">").startswith(b"From "):
                line = b">" + line
            out.append(line + b"\n")
        out.append(b"\n")
    return b"".join(out)
