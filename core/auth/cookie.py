"""How the web app's refresh token travels: an httpOnly cookie, never readable by scripts.

The cookie is scoped to the two endpoints that read it (refresh and sign-out), so no other
request carries it. Because a browser attaches a cookie on its own, every request that is
authenticated by this cookie must also carry `CSRF_HEADER`: a page on another site cannot set a
custom header without the API's consent (a CORS preflight, which it does not grant), and
SameSite=Strict already keeps the cookie off cross-site requests in current browsers.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.settings import Settings

# A second cookie, readable by the page and holding nothing secret, says that a refresh cookie
# was set and when it lapses: a page loaded signed out does not ask for a refresh it would be
# refused (a 401 in every signed-out visitor's console).
SESSION_HINT_COOKIE = "signed_in"
CSRF_HEADER = "X-Requested-With"
CSRF_VALUE = "career-agent"


@dataclass(frozen=True)
class RefreshCookie:
    name: str
    secure: bool
    # Strict: the cookie is never sent on a request started by another site, not even a
    # top-level link, which no refresh or sign-out needs.
    same_site: str = "strict"
    http_only: bool = True

    @classmethod
    def for_settings(cls, settings: Settings) -> RefreshCookie:
        """Secure unless the app is served over plain http on a developer's machine; production
        is always Secure, whatever its public URL says."""
        secure = settings.environment == "production" or settings.public_url.startswith("https://")
        # The __Secure- prefix makes browsers refuse the cookie unless it is Secure and was set
        # over https, so a plain-http page on the same host cannot plant or overwrite it.
        return cls(name="__Secure-refresh" if secure else "refresh", secure=secure)
