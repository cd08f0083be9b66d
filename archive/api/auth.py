"""Staff API tokens without a table: a signed, timestamped user id, checked on every request.

``issue_token(user)`` gives a string like ``"7:a1b2…:1qXyZ…:Sig…"``; send it as
``Authorization: Bearer <token>``. A token stops working when it is older than
``settings.HAWAL_API_TOKEN_MAX_AGE`` seconds (default 90 days), when the user changes their password,
stops being staff or is deactivated, or when SECRET_KEY changes. Nothing is stored, so there is nothing to
leak from the database; revoking one token alone means changing that user's password.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare, salted_hmac
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

SALT = "hawal.api.token"
DEFAULT_MAX_AGE = 90 * 24 * 3600
MAX_TOKEN_CHARS = 400


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def _password_fingerprint(user: Any) -> str:
    # Part of the signed value: changing the password invalidates every token issued before.
    return salted_hmac(SALT, f"{user.pk}:{user.password}", algorithm="sha256").hexdigest()[:16]


def issue_token(user: Any) -> str:
    """A bearer token for a staff user (the caller checks that the user should have one)."""
    return _signer().sign(f"{user.pk}:{_password_fingerprint(user)}")


def _token_user(token: str) -> Any | None:
    """The user a genuine, unexpired token was issued to (staff or not), else None."""
    if not token or len(token) > MAX_TOKEN_CHARS:
        return None
    max_age = int(getattr(settings, "HAWAL_API_TOKEN_MAX_AGE", DEFAULT_MAX_AGE))
    try:
        value = _signer().unsign(token, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    user_id, _, fingerprint = value.partition(":")
    if not user_id.isdigit():
        return None
    user = get_user_model().objects.filter(pk=int(user_id)).first()
    if user is None or not constant_time_compare(fingerprint, _password_fingerprint(user)):
        return None
    return user


def user_for_token(token: str) -> Any | None:
    """The active staff user of a valid token, else None."""
    user = _token_user(token)
    if user is None or not (user.is_active and user.is_staff):
        return None
    return user


class StaffToken(HttpBearer):
    """ninja auth: a missing or bad token is 401; a good token of a user who is no longer staff is 403."""

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = _token_user(token.strip())
        if user is None:
            return None
        if not (user.is_active and user.is_staff):
            raise AuthorizationError()
        request.user = user
        return user
