"""What can be wrong with a resume file, each with a message that says what to do."""

from __future__ import annotations

from core.errors import InvalidInput, PayloadTooLarge, UnsupportedMedia


class ResumeFileError(InvalidInput):
    """The file is a resume format we read, but this file cannot be read."""

    code = "unreadable_resume"


class EmptyFile(ResumeFileError):
    code = "empty_file"

    def __init__(self) -> None:
        super().__init__("the file is empty; choose the resume file again and upload it")


class UnsupportedFileType(UnsupportedMedia):
    code = "unsupported_file_type"

    def __init__(self, what: str) -> None:
        super().__init__(
            f"this file is {what}, not a resume we can read; upload a PDF, a Word document "
            "(.docx) or a plain-text file",
            details={"detected": what},
        )


class FileTooLarge(PayloadTooLarge):
    code = "file_too_large"

    def __init__(self, limit_bytes: int) -> None:
        mb = limit_bytes / (1024 * 1024)
        super().__init__(
            f"the file is larger than the {mb:g} MB limit; upload a smaller file "
            "(a resume is usually under 1 MB)",
            details={"limitBytes": limit_bytes},
        )


class PasswordProtected(ResumeFileError):
    code = "password_protected"

    def __init__(self) -> None:
        super().__init__("the PDF is password-protected; remove the password and upload it again")


class NoTextLayer(ResumeFileError):
    code = "no_text_layer"

    def __init__(self) -> None:
        super().__init__(
            "the PDF has no text layer (it looks scanned or made of images); export a "
            "text-based PDF from your editor, or upload the Word document"
        )


class CorruptFile(ResumeFileError):
    code = "corrupt_file"

    def __init__(self, kind: str, reason: str = "") -> None:
        detail = f" ({reason})" if reason else ""
        super().__init__(
            f"the {kind} file is damaged or incomplete{detail}; save or export it again and "
            "upload the new file"
        )


class TooManyPages(ResumeFileError):
    code = "too_many_pages"

    def __init__(self, pages: int, limit: int) -> None:
        super().__init__(
            f"the PDF has {pages} pages; a resume is read up to {limit} pages, so upload "
            "the resume on its own",
            details={"pages": pages, "limit": limit},
        )


class ExtractionTimeout(ResumeFileError):
    code = "extraction_timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"reading the file took longer than {seconds:g} s and was stopped; export the "
            "resume again as a simple PDF or DOCX and upload that"
        )


class SuspiciousArchive(ResumeFileError):
    code = "suspicious_archive"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"the Word document was refused: {reason}; save it again from Word or Google "
            "Docs and upload the new file"
        )


class TooLittleText(ResumeFileError):
    code = "too_little_text"

    def __init__(self) -> None:
        super().__init__(
            "the file holds almost no readable text; upload the resume itself, as a "
            "text-based PDF or a Word document"
        )
