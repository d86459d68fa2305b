"""Where a job is: city and country (ISO 3166 alpha-2) read from a free-text location such as
"San Francisco, CA", "London, United Kingdom", "Remote - US" or "Hybrid (Berlin)"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.jobs.model import Remote
from core.jobs.text import fold

COUNTRIES: dict[str, str] = {
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US",
    "u.s.": "US", "america": "US", "canada": "CA", "united kingdom": "GB", "uk": "GB",
    "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "ireland": "IE", "germany": "DE", "deutschland": "DE",
    "france": "FR", "spain": "ES", "españa": "ES", "italy": "IT", "netherlands": "NL",
    "the netherlands": "NL", "holland": "NL", "belgium": "BE", "austria": "AT",
    "switzerland": "CH", "portugal": "PT", "sweden": "SE", "norway": "NO", "denmark": "DK",
    "finland": "FI", "iceland": "IS", "poland": "PL", "czech republic": "CZ", "czechia": "CZ",
    "hungary": "HU", "romania": "RO", "greece": "GR", "turkey": "TR", "israel": "IL",
    "united arab emirates": "AE", "uae": "AE", "saudi arabia": "SA", "egypt": "EG",
    "india": "IN", "pakistan": "PK", "china": "CN", "japan": "JP", "south korea": "KR",
    "korea": "KR", "singapore": "SG", "hong kong": "HK", "taiwan": "TW", "malaysia": "MY",
    "indonesia": "ID", "thailand": "TH", "vietnam": "VN", "philippines": "PH",
    "australia": "AU", "new zealand": "NZ", "brazil": "BR", "brasil": "BR", "mexico": "MX",
    "méxico": "MX", "argentina": "AR", "chile": "CL", "colombia": "CO", "peru": "PE",
    "south africa": "ZA", "nigeria": "NG", "kenya": "KE", "ghana": "GH", "estonia": "EE",
    "latvia": "LV", "lithuania": "LT", "ukraine": "UA", "serbia": "RS", "croatia": "HR",
    "bulgaria": "BG", "slovakia": "SK", "slovenia": "SI", "luxembourg": "LU",
}  # fmt: skip

US_STATES = {
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il", "in", "ia",
    "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh", "nj",
    "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut", "vt",
    "va", "wa", "wv", "wi", "wy", "dc",
}  # fmt: skip
US_STATE_NAMES = {
    "california", "new york", "texas", "washington", "massachusetts", "illinois", "colorado",
    "florida", "georgia", "oregon", "virginia", "north carolina", "pennsylvania", "ohio",
    "michigan", "minnesota", "arizona", "utah", "new jersey", "maryland", "tennessee",
}  # fmt: skip
CA_PROVINCES = {"on", "bc", "qc", "ab", "mb", "ns", "nb", "sk", "nl", "pe", "ontario", "quebec",
                "british columbia", "alberta", "manitoba", "nova scotia"}  # fmt: skip

# Cities people search for, with their country; anything else keeps its text as the city.
CITIES: dict[str, str] = {
    "new york": "US", "new york city": "US", "nyc": "US", "san francisco": "US", "sf": "US",
    "bay area": "US", "los angeles": "US", "seattle": "US", "austin": "US", "boston": "US",
    "chicago": "US", "denver": "US", "atlanta": "US", "miami": "US", "dallas": "US",
    "houston": "US", "phoenix": "US", "philadelphia": "US", "san diego": "US",
    "san jose": "US", "portland": "US", "washington dc": "US", "raleigh": "US",
    "minneapolis": "US", "nashville": "US", "salt lake city": "US", "pittsburgh": "US",
    "detroit": "US", "palo alto": "US", "mountain view": "US", "menlo park": "US",
    "toronto": "CA", "vancouver": "CA", "montreal": "CA", "montréal": "CA", "calgary": "CA",
    "ottawa": "CA", "london": "GB", "manchester": "GB", "edinburgh": "GB", "glasgow": "GB",
    "bristol": "GB", "birmingham": "GB", "leeds": "GB", "cambridge": "GB", "oxford": "GB",
    "dublin": "IE", "cork": "IE", "berlin": "DE", "munich": "DE", "münchen": "DE",
    "hamburg": "DE", "frankfurt": "DE", "cologne": "DE", "köln": "DE", "stuttgart": "DE",
    "düsseldorf": "DE", "paris": "FR", "lyon": "FR", "marseille": "FR", "toulouse": "FR",
    "madrid": "ES", "barcelona": "ES", "valencia": "ES", "milan": "IT", "milano": "IT",
    "rome": "IT", "roma": "IT", "amsterdam": "NL", "rotterdam": "NL", "utrecht": "NL",
    "eindhoven": "NL", "the hague": "NL", "brussels": "BE", "antwerp": "BE", "vienna": "AT",
    "wien": "AT", "zurich": "CH", "zürich": "CH", "geneva": "CH", "basel": "CH",
    "lisbon": "PT", "porto": "PT", "stockholm": "SE", "gothenburg": "SE", "oslo": "NO",
    "copenhagen": "DK", "helsinki": "FI", "warsaw": "PL", "krakow": "PL", "kraków": "PL",
    "wroclaw": "PL", "prague": "CZ", "budapest": "HU", "bucharest": "RO", "athens": "GR",
    "istanbul": "TR", "tel aviv": "IL", "dubai": "AE", "abu dhabi": "AE", "riyadh": "SA",
    "cairo": "EG", "bangalore": "IN", "bengaluru": "IN", "mumbai": "IN", "delhi": "IN",
    "new delhi": "IN", "hyderabad": "IN", "pune": "IN", "chennai": "IN", "gurgaon": "IN",
    "gurugram": "IN", "noida": "IN", "kolkata": "IN", "shanghai": "CN", "beijing": "CN",
    "shenzhen": "CN", "tokyo": "JP", "osaka": "JP", "seoul": "KR", "singapore": "SG",
    "hong kong": "HK", "taipei": "TW", "kuala lumpur": "MY", "jakarta": "ID",
    "bangkok": "TH", "manila": "PH", "sydney": "AU", "melbourne": "AU", "brisbane": "AU",
    "perth": "AU", "auckland": "NZ", "wellington": "NZ", "são paulo": "BR",
    "sao paulo": "BR", "rio de janeiro": "BR", "mexico city": "MX", "ciudad de méxico": "MX",
    "guadalajara": "MX", "buenos aires": "AR", "santiago": "CL", "bogotá": "CO",
    "bogota": "CO", "lima": "PE", "cape town": "ZA", "johannesburg": "ZA", "lagos": "NG",
    "nairobi": "KE", "accra": "GH", "tallinn": "EE", "riga": "LV", "vilnius": "LT",
    "kyiv": "UA", "belgrade": "RS", "luxembourg": "LU",
}  # fmt: skip

_REMOTE = re.compile(
    r"\b(?:remote|anywhere|work from home|wfh|distributed|telecommute|home[- ]based)\b", re.I
)
_NOT_REMOTE = re.compile(r"\b(?:no|not|non)[- ]remote\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_ONSITE = re.compile(r"\b(?:on[- ]?site|in[- ]office|office[- ]based)\b", re.I)
_REGION_COUNTRY = {
    "greater manchester": "GB", "greater london": "GB", "west midlands": "GB", "yorkshire": "GB",
    "merseyside": "GB", "kent": "GB", "surrey": "GB", "bavaria": "DE", "bayern": "DE",
    "new south wales": "AU", "nsw": "AU", "victoria": "AU", "vic": "AU", "queensland": "AU",
    "qld": "AU", "karnataka": "IN", "maharashtra": "IN", "telangana": "IN", "ile-de-france": "FR",
    "catalonia": "ES", "catalunya": "ES", "north holland": "NL", "noord-holland": "NL",
}  # fmt: skip
_REGIONS = {"emea", "europe", "eu", "european union", "apac", "asia", "asia pacific", "latam",
            "latin america", "americas", "north america", "africa", "middle east", "nordics",
            "dach", "benelux", "uk & ireland", "us & canada"}  # fmt: skip
_SPLIT = re.compile(r"\s*(?:[,;/|()\[\]]|\s-\s|\s–\s|\bor\b)\s*")
_FILLER = {
    "remote", "hybrid", "onsite", "on-site", "on site", "in office", "anywhere", "office", "hq",
    "headquarters", "multiple locations", "various", "global", "worldwide",
}  # fmt: skip


_ISO2 = frozenset(COUNTRIES.values())
# Each country's name as people write it: the first spelling the table lists for it.
_COUNTRY_NAMES: dict[str, str] = {}
for _name, _code in COUNTRIES.items():
    _COUNTRY_NAMES.setdefault(_code, _name.title())
_WITH_THE = frozenset({"US", "GB", "NL", "AE", "CZ", "PH"})
# A mode of work rather than a place, with the words that qualify it ("fully remote").
_MODE = re.compile(
    r"(?:\b(?:fully|full|100%|completely|partly|partially)\s+)?"
    rf"(?:{_REMOTE.pattern}|{_HYBRID.pattern})(?:[- ]first\b)?",
    re.I,
)


def country_name(code: str | None) -> str | None:
    """The country an ISO code names, as a sentence says it: "France", "the United States"."""
    name = _COUNTRY_NAMES.get((code or "").upper())
    if name is None:
        return None
    return f"the {name}" if code and code.upper() in _WITH_THE else name


def place_without_mode(text: str | None) -> str:
    """A location text without the words saying how the work is done: "Remote - France" ->
    "France", "San Francisco, CA (Hybrid)" -> "San Francisco, CA", "Remote" -> ""."""
    parts = []
    for part in _SPLIT.split(text or ""):
        rest = _MODE.sub("", part).strip(" .-–:")
        if rest:
            parts.append(rest)
    return ", ".join(parts)


@dataclass(frozen=True)
class Place:
    city: str | None
    country: str | None
    remote: Remote | None  # when the text says so


@lru_cache(maxsize=20000)
def parse_location(text: str | None) -> Place:
    if not text or not text.strip():
        return Place(None, None, None)
    remote: Remote | None = None
    if _HYBRID.search(text):
        remote = "hybrid"
    elif _NOT_REMOTE.search(text) or _ONSITE.search(text):
        remote = "no"
    elif _REMOTE.search(text):
        remote = "yes"
    parts = [p for p in (s.strip(" .") for s in _SPLIT.split(text)) if p]
    city: str | None = None
    country: str | None = None
    saw_us_state = saw_ca_province = False
    for part in parts:
        key = fold(part)
        if key in _FILLER or _REMOTE.fullmatch(key) or key in ("hybrid",):
            continue
        if key in COUNTRIES:
            country = country or COUNTRIES[key]
            continue
        if key in _REGIONS:
            continue
        if city is None and key in CITIES:
            city = _title(part)
            country = country or CITIES[key]
            continue
        if len(part) == 2 and part.isupper() and part.lower() in US_STATES:
            saw_us_state = True
            continue
        if key in US_STATE_NAMES:
            saw_us_state = True
            continue
        if key in CA_PROVINCES:
            saw_ca_province = True
            continue
        if len(part) == 2 and part.isupper() and (part in _ISO2 or part == "UK"):
            country = country or ("GB" if part == "UK" else part)
            continue
        if key in _REGION_COUNTRY:
            country = country or _REGION_COUNTRY[key]
            continue
        if city is None and not _REMOTE.search(key) and not re.search(r"\d", key):
            city = _title(part)
    if country is None:
        if saw_ca_province:
            country = "CA"
        elif saw_us_state:
            country = "US"
    return Place(city, country, remote)


def _title(part: str) -> str:
    return part if any(ch.isupper() for ch in part) else part.title()


def city_key(city: str | None) -> str:
    """A city as a comparable key ("New York City" and "NYC" are one place)."""
    if not city:
        return ""
    key = fold(city).strip()
    return {"nyc": "new york", "new york city": "new york", "sf": "san francisco",
            "bengaluru": "bangalore", "gurugram": "gurgaon", "münchen": "munich",
            "munchen": "munich", "koln": "cologne", "wien": "vienna", "milano": "milan",
            "roma": "rome", "sao paulo": "sao paulo", "zurich": "zurich",
            "montreal": "montreal", "brooklyn": "new york", "manhattan": "new york",
            "queens": "new york", "the bronx": "new york", "bronx": "new york",
            "sydney nsw": "sydney"}.get(key, key)  # fmt: skip
