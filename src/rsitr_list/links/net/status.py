"""What a server's status code and rate-limit headers ask of us."""

from __future__ import annotations

import http
import re
from collections.abc import Callable, Mapping

from ...core.retry_after import retry_after_seconds

REDIRECTS = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 523, 524})

# Above this, an X-RateLimit-Reset is a moment (seconds since the epoch, as GitHub sends), not a delay.
_EPOCH_THRESHOLD = 1_000_000_000
# RateLimit: limit=100, remaining=0, reset=30   (IETF draft, older form)
# RateLimit: "default";r=0;t=30                 (IETF draft, newer form)
_STRUCTURED = re.compile(r"(?:^|[\s;,])(remaining|reset|r|t)\s*=\s*(\d+)")


def phrase(status: int) -> str:
    try:
        return f"HTTP {status} {http.HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def retry_after(headers: Mapping[str, str], now: Callable[[], float]) -> float | None:
    """Seconds the server asks us to wait (Retry-After as seconds or as a date), if it says."""
    return retry_after_seconds(headers.get("retry-after"), now)


def quota_spent(headers: Mapping[str, str], now: Callable[[], float]) -> float | None:
    """When the headers say the host's whole quota is used up: seconds until it resets
    (0.0 when they do not say when). None when they say nothing of the kind."""
    remaining = headers.get("x-ratelimit-remaining") or headers.get("ratelimit-remaining")
    reset = headers.get("x-ratelimit-reset") or headers.get("ratelimit-reset")
    structured = headers.get("ratelimit")
    if structured:
        fields = {k: int(v) for k, v in _STRUCTURED.findall(structured.lower())}
        remaining = remaining or _text(fields.get("remaining", fields.get("r")))
        reset = reset or _text(fields.get("reset", fields.get("t")))
    if (remaining or "").strip() != "0":
        return None
    reset = (reset or "").strip()
    if not reset.isdigit():
        return 0.0
    value = float(reset)
    return max(0.0, value - now()) if value > _EPOCH_THRESHOLD else value


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)
