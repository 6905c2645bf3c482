"""Driver and server errors of the Neo4j store, translated into one-line StoreErrors that say
what to do."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Protocol

from neo4j import exceptions as driver_errors

from kg.store.base import StoreError

ENV = {"uri": "NEO4J_URI", "user": "NEO4J_USER", "password": "NEO4J_PASSWORD",
       "database": "NEO4J_DATABASE"}


class Server(Protocol):
    """What an error message names: the server, its database and the user."""

    uri: str
    user: str | None
    database: str | None
    location: str


class WriteRefused(Exception):
    """A read-only query changed something (raised inside the transaction, so it rolls back)."""


@contextlib.contextmanager
def translated(server: Server) -> Iterator[None]:
    """Driver and server errors as one-line StoreErrors that say what to do."""
    try:
        yield
    except (StoreError, WriteRefused):
        raise
    except Exception as error:
        message = explain(server, error)
        if message is None:
            raise
        raise StoreError(message) from error


def explain(server: Server, error: BaseException) -> str | None:
    """The one-line message for a driver or server error (None: not the driver's)."""
    where = server.location
    if isinstance(error, driver_errors.AuthError):
        return (f"{where} refused the credentials of user {server.user!r}: check --user/"
                f"--password or {ENV['user']}/{ENV['password']}")
    if isinstance(error, driver_errors.ServiceUnavailable | driver_errors.SessionExpired):
        reason = (str(error).splitlines() or [type(error).__name__])[0].rstrip(": ")
        return (f"cannot reach a Neo4j server at {server.uri} ({reason}): start it (see "
                f"docker/README.md) or fix --store/{ENV['uri']}")
    if isinstance(error, driver_errors.Neo4jError):
        code = error.code or ""
        if code.endswith("DatabaseNotFound"):
            return (f"{server.uri} has no database {server.database!r}: create it or fix "
                    f"--database/{ENV['database']}")
        if code.endswith("AccessMode") or code.endswith("ForbiddenOnReadOnlyDatabase"):
            return ("this statement writes, and kg query is read-only unless you pass --write "
                    "(nothing was changed)")
        return f"Neo4j ({where}) refused the statement: {error.message} [{code}]"
    if isinstance(error, driver_errors.DriverError):
        return f"Neo4j driver error talking to {where}: {error}"
    return None
