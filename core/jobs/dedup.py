"""Cross-source duplicates: the same job posted on two boards (same company, near-same title,
same place) shares one `dedupKey`, and lists show it once."""

from __future__ import annotations

import re

from core.jobs.places import city_key
from core.jobs.posting_text import seniority_from_title
from core.jobs.text import fold, title_tokens

_LEGAL_SUFFIX = re.compile(
    r"\b(?:inc|incorporated|llc|ltd|limited|corp|corporation|co|company|plc|gmbh|ag|sa|sas|"
    r"bv|nv|srl|spa|pty|oy|ab|as|aps|kk|pte|group|holdings?|technologies|technology|labs?|hq)\b"
)


def company_key(company: str) -> str:
    text = fold(company).replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    text = _LEGAL_SUFFIX.sub(" ", text)
    return re.sub(r"[\s_]+", "", text) or fold(company).strip()


def dedup_key(
    company: str, title: str, city: str | None, country: str | None, remote: str | None
) -> str:
    """Same key, same job: "Sr. Backend Engineer (Remote)" at "Acme, Inc." and "Senior
    Back-End Engineer" at "ACME" in the same city are one posting."""
    level = seniority_from_title(title) or "-"
    words = " ".join(sorted(title_tokens(title)))
    place = city_key(city) or (fold(country) if country else "") or (remote or "")
    return f"{company_key(company)}|{level}|{words}|{place}"[:400]
