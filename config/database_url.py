"""DATABASE_URL → Django DATABASES entry (postgres:// and postgresql:// only)."""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit


class DatabaseUrlError(ValueError):
    pass


def parse_database_url(url: str) -> dict[str, object]:
    """Parse `postgres://user:pass@host:5432/name?sslmode=require` into Django's DATABASES fields.

    A socket directory can be given as `postgres:///name?host=/var/run/postgresql`.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise DatabaseUrlError(
            f"DATABASE_URL must start with postgres:// (got {parts.scheme or 'nothing'}://)"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise DatabaseUrlError("DATABASE_URL names no database (postgres://user@host:5432/NAME)")
    options = dict(parse_qsl(parts.query))
    host = options.pop("host", None) or unquote(parts.hostname or "")
    return {
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
    }
