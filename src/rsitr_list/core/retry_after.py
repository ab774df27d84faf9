"""Retry-After, as a server may write it: seconds, or an HTTP date. Shared by `add` and the link checker."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable


def retry_after_seconds(value: str | None, now: Callable[[], float] = time.time) -> float | None:
    """Seconds the server asks us to wait, or None when it does not say (or says it unreadably)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now())
