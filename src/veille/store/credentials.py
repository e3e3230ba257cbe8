"""API tokens and web sessions, kept as SHA-256 digests of their secrets: the database never
holds a credential that works. The secrets are random (256 bits), so a fast digest is enough;
a slow one is for passwords people choose."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.exc import IntegrityError

from veille.messages import _
from veille.store.schema import api_tokens, is_number, web_sessions
from veille.store.times import utcnow

TOKEN_PREFIX = "veille_"


class TokenExists(ValueError):
    """A token of that name exists already."""


class UnknownToken(LookupError):
    """No token has that name or number."""


@dataclass(frozen=True, slots=True)
class Token:
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def create_token(engine: Engine, name: str) -> tuple[Token, str]:
    """A new token named `name`, and its secret, which is shown once and never stored."""
    secret = new_secret()
    try:
        with engine.begin() as connection:
            row = connection.execute(
                api_tokens.insert()
                .values(name=name, digest=digest(secret), created_at=utcnow())
                .returning(api_tokens.c.id, api_tokens.c.name, api_tokens.c.created_at)
            ).one()
    except IntegrityError:
        raise TokenExists(_("a token named {name!r} exists already").format(name=name)) from None
    return Token(row.id, row.name, row.created_at, None), secret


def list_tokens(engine: Engine) -> list[Token]:
    query = select(api_tokens).order_by(api_tokens.c.id)
    with engine.connect() as connection:
        return [Token(r.id, r.name, r.created_at, r.last_used_at) for r in connection.execute(query)]


def revoke_token(engine: Engine, key: str) -> Token:
    """Deletes the token named (or numbered) `key`."""
    condition = api_tokens.c.name == key
    if key.isdigit() and is_number(int(key)):
        condition = condition | (api_tokens.c.id == int(key))
    with engine.begin() as connection:
        row = connection.execute(select(api_tokens).where(condition)).first()
        if row is None:
            raise UnknownToken(_("no token {key!r} (see `veille token list`)").format(key=key))
        connection.execute(delete(api_tokens).where(api_tokens.c.id == row.id))
    return Token(row.id, row.name, row.created_at, row.last_used_at)


def token_is_valid(engine: Engine, secret: str) -> bool:
    """Whether `secret` is a token's, noting when it was last used."""
    with engine.begin() as connection:
        done = connection.execute(
            update(api_tokens).where(api_tokens.c.digest == digest(secret)).values(last_used_at=utcnow())
        )
    return done.rowcount > 0


def any_token(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(api_tokens.c.id).limit(1)).first() is not None


def open_session(engine: Engine, password_mark: str, lifetime: timedelta) -> str:
    """A new session's secret (the cookie); valid for `lifetime` while the password is the one
    `password_mark` stands for."""
    secret = secrets.token_urlsafe(32)
    now = utcnow()
    with engine.begin() as connection:
        connection.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now))
        connection.execute(
            web_sessions.insert().values(
                digest=digest(secret), password_mark=password_mark, created_at=now, expires_at=now + lifetime
            )
        )
    return secret


def session_is_valid(engine: Engine, secret: str, password_mark: str) -> bool:
    query = select(web_sessions.c.digest).where(
        web_sessions.c.digest == digest(secret),
        web_sessions.c.password_mark == password_mark,
        web_sessions.c.expires_at > utcnow(),
    )
    with engine.connect() as connection:
        return connection.execute(query).first() is not None


def close_session(engine: Engine, secret: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(web_sessions).where(web_sessions.c.digest == digest(secret)))
