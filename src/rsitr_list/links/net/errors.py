"""What an exchange that raised means for the link, and whether asking again may help."""

from __future__ import annotations

import http.client
import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass

import requests
import urllib3

from ..verdicts import Outcome, Verdict

# Everything requests, urllib3 and the socket layer raise for a failed exchange.
EXCHANGE_ERRORS: tuple[type[BaseException], ...] = (
    requests.exceptions.RequestException,
    urllib3.exceptions.HTTPError,
    http.client.HTTPException,
    OSError,
    UnicodeError,
    ValueError,
)


@dataclass(frozen=True)
class Failure:
    outcome: Outcome
    retry: bool  # worth asking again (a timeout, a reset), or final (DNS, refused, TLS, bad URL)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        for nxt in (getattr(e, "reason", None), e.__cause__, e.__context__, *getattr(e, "args", ())):
            if isinstance(nxt, BaseException):
                stack.append(nxt)


def classify_error(exc: BaseException, host: str, cut_off: float | None = None) -> Failure:
    """The meaning of `exc`; `cut_off` is the total-time cap when it ended the exchange."""
    if cut_off is not None:
        return Failure(Outcome(Verdict.TIMEOUT, f"no complete answer within {cut_off:g} s"), True)
    causes = list(_causes(exc))
    # Order matters: urllib3's NewConnectionError (refused, unreachable) subclasses its
    # ConnectTimeoutError, so the precise causes are looked for before timeouts.
    if any(isinstance(e, (socket.gaierror, urllib3.exceptions.NameResolutionError)) for e in causes):
        return Failure(Outcome(Verdict.BROKEN, f"DNS lookup failed: no address for {host}"), False)
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return Failure(Outcome(Verdict.BROKEN, f"connection refused by {host}"), False)
    if any(isinstance(e, (ssl.SSLError, requests.exceptions.SSLError, urllib3.exceptions.SSLError)) for e in causes):
        detail = next((str(e) for e in causes if isinstance(e, ssl.SSLError)), "")
        return Failure(Outcome(Verdict.BROKEN, f"TLS error{': ' + detail[:160] if detail else ''}"), False)
    if any(
        isinstance(e, (requests.exceptions.Timeout, TimeoutError))
        or (isinstance(e, urllib3.exceptions.TimeoutError) and not isinstance(e, urllib3.exceptions.NewConnectionError))
        for e in causes
    ):
        connect = any(
            isinstance(e, (requests.exceptions.ConnectTimeout, urllib3.exceptions.ConnectTimeoutError))
            and not isinstance(e, urllib3.exceptions.NewConnectionError)
            for e in causes
        )
        what = "connecting timed out" if connect else "no response before the read timeout"
        return Failure(Outcome(Verdict.TIMEOUT, what), True)
    if any(
        isinstance(
            e,
            (
                requests.exceptions.InvalidURL,
                requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema,
                urllib3.exceptions.LocationParseError,
                UnicodeError,
            ),
        )
        for e in causes
    ):
        return Failure(Outcome(Verdict.BROKEN, "invalid URL: it cannot be requested as written"), False)
    if any(isinstance(e, http.client.LineTooLong) or "got more than" in str(e) for e in causes):
        return Failure(Outcome(Verdict.BROKEN, f"{host} answered with headers too large to read"), False)
    if any(
        isinstance(e, http.client.BadStatusLine) and not isinstance(e, http.client.RemoteDisconnected) for e in causes
    ):
        # Retried: a stale keep-alive connection can show the same; a fresh one tells.
        return Failure(Outcome(Verdict.BROKEN, f"{host} did not answer in HTTP (invalid status line)"), True)
    if any(isinstance(e, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)) for e in causes):
        return Failure(Outcome(Verdict.BROKEN, f"connection reset by {host}"), True)
    return Failure(Outcome(Verdict.BROKEN, f"connection failed: {type(exc).__name__}"), True)
