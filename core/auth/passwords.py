"""Forgotten and changed passwords, the same way whoever holds the sign-ins.

Throttling and the password policy are applied here, before the identity provider is asked,
so that both providers refuse the same things: a reset code is asked for at most a few times
per address, wrong codes and wrong current passwords are counted per account and per client
address, and a new password meets the sign-up policy. Neither a password nor a code is ever
logged.
"""

from __future__ import annotations

import time

from core.auth.identity import Caller, IdentityProvider
from core.auth.issuer import normalise_email
from core.auth.password import WrongPassword, check_policy
from core.auth.throttle import SignInThrottle, account_key
from core.errors import InvalidInput
from core.storage.port import Store
from core.users.repository import User, find_by_email, users


class Passwords:
    def __init__(self, identity: IdentityProvider, throttle: SignInThrottle, store: Store) -> None:
        self.identity = identity
        self.throttle = throttle
        self.store = store

    def _end_sessions(self, user_id: str | None, keep: str | None) -> None:
        """Refuse from now on the access tokens already given out, but `keep`'s. Revoking the
        refresh tokens alone would leave each other session working until its access token
        runs out (up to an hour)."""
        if user_id is None:
            return
        now = int(time.time())

        def end(found: User | None) -> User | None:
            if found is None:
                return None
            return found.model_copy(update={"sessions_ended_at": now, "kept_session": keep})

        users(self.store).update({"userId": user_id}, end)

    def forgot(self, email: str, *, client: str) -> None:
        """Send a reset code if the account exists. Every request counts, registered address or
        not, so the answer (and its limit) is the same for both."""
        email = normalise_email(email)
        self.throttle.hit("forgot_address", client)
        self.throttle.hit("forgot_account", account_key(email))
        self.identity.send_reset_code(email)

    def reset(self, email: str, code: str, new_password: str, *, client: str) -> None:
        try:
            email = normalise_email(email)
        except InvalidInput:
            raise InvalidInput("invalid or expired code", code="invalid_code") from None
        # Before the code: a weak password must not spend one of the code's attempts.
        check_policy(new_password, field="newPassword")
        key = account_key(email)
        self.throttle.guard("reset_account", key)
        self.throttle.guard("reset_address", client)
        try:
            self.identity.reset_password(email, code, new_password)
        except InvalidInput as exc:
            if exc.code == "invalid_code":
                self.throttle.count("reset_account", key)
                self.throttle.count("reset_address", client)
            raise
        user = find_by_email(self.store, email)
        self._end_sessions(user.user_id if user else None, keep=None)

    def change(self, caller: Caller, current: str, new_password: str, *, client: str) -> None:
        check_policy(new_password, field="newPassword")
        key = account_key(caller.user_id)
        # Checked before the password, so that past the limit even the right one waits.
        self.throttle.guard("change_account", key)
        self.throttle.guard("login_address", client)
        try:
            self.identity.change_password(caller, current, new_password)
        except WrongPassword:
            self.throttle.count("change_account", key)
            self.throttle.count("login_address", client)
            raise
        self._end_sessions(caller.user_id, keep=self.identity.kept_session(caller))
