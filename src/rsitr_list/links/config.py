"""The link checker's settings: [tool.rsitr-list.links] in pyproject.toml, CLI flags on top.

`Settings.links` (settings.py) is this model, so `load_settings()` validates the table;
`LinkSettings.with_flags()` puts a run's command-line options on top. Durations are
written as numbers of seconds or as text with a unit ("250ms", "5s", "10m", "1h",
"7d"); status codes as numbers or ranges ("200..299"). Every mistake is reported naming
the key, never as a traceback. Only pydantic is imported here: every command loads
settings, and most never check a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)
from pydantic_core import ErrorDetails

from ..diagnostics import did_you_mean
from .verdicts import Verdict

TABLE = "[tool.rsitr-list.links]"

# A recent desktop Firefox: several publishers answer 403 to anything that looks like a script.
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_RANGE_RE = re.compile(r"^\s*(\d{3})\s*(?:(?:\.\.|-)\s*(\d{3}))?\s*$")


class LinkConfigError(Exception):
    """A link-checking setting (or flag) we cannot use."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        text = str(self.args[0])
        return f"{text}\n  hint: {self.hint}" if self.hint else text


def parse_duration(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and (m := _DURATION_RE.match(value)):
        seconds = float(m.group(1)) * _UNITS[m.group(2) or "s"]
    else:
        raise ValueError(f"{value!r} is not a duration; write e.g. 5, '500ms', '10s', '1h' or '7d'")
    if seconds < 0:
        raise ValueError("a duration cannot be negative")
    return seconds


def parse_statuses(value: Any) -> frozenset[int]:
    """Status codes from 200, "200..299", "200-299" or a list (or comma-separated text) of those."""
    items = value.split(",") if isinstance(value, str) else value
    if isinstance(items, int) or not isinstance(items, (list, tuple, set, frozenset)):
        items = [items]
    codes: set[int] = set()
    for item in items:
        if isinstance(item, int) and not isinstance(item, bool):
            low = high = item
        elif isinstance(item, str) and (m := _RANGE_RE.match(item)):
            low, high = int(m.group(1)), int(m.group(2) or m.group(1))
        else:
            raise ValueError(f"{item!r} is not a status code or range such as 200 or '200..299'")
        if not 100 <= low <= high <= 999:
            raise ValueError(f"{item!r} is not a range of HTTP status codes (100..999)")
        codes.update(range(low, high + 1))
    return frozenset(codes)


def parse_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    m = re.match(r"^\s*(\d+)\s*(B|KB|KiB|MB|MiB)?\s*$", str(value))
    if not m:
        raise ValueError(f"{value!r} is not a size; write e.g. 65536, '64KiB' or '4MB'")
    factor = {"B": 1, "KB": 1000, "KiB": 1024, "MB": 1000**2, "MiB": 1024**2}[m.group(2) or "B"]
    return int(m.group(1)) * factor


Duration = Annotated[float, BeforeValidator(parse_duration)]
Statuses = Annotated[frozenset[int], BeforeValidator(parse_statuses)]
Size = Annotated[int, BeforeValidator(parse_size)]
Treat403 = Literal["blocked", "broken", "ok"]
Progress = Literal["auto", "always", "never"]


class HostSettings(BaseModel):
    """Overrides for one host (or every host under `*.domain`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    concurrency: int | None = Field(default=None, ge=1)
    interval: Duration | None = None
    user_agent: str | None = None
    treat_403_as: Treat403 | None = None
    connect_timeout: Duration | None = None
    read_timeout: Duration | None = None
    headers: dict[str, str] = {}


# Hosts whose owners publish limits; a user's [hosts] entry for the same host wins field by field.
BUILTIN_HOSTS: dict[str, dict[str, Any]] = {
    # arXiv's API terms: one request every three seconds, one connection at a time.
    "export.arxiv.org": {"concurrency": 1, "interval": 3.0},
    "api.github.com": {"concurrency": 4},
}


class LinkSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # Relative to the project root. Unset: links.json in [tool.rsitr-list] cache_dir (filled in
    # by Settings, which knows that folder); "" keeps results in memory only.
    cache: str | None = None
    ttl: Duration = 7 * 86400.0
    failure_ttl: Duration = 3600.0
    dead_after_runs: int = Field(default=2, ge=1)
    fail_on: frozenset[Verdict] = frozenset({Verdict.BROKEN, Verdict.TIMEOUT, Verdict.MISSING_FRAGMENT})

    max_concurrency: int = Field(default=32, ge=1, le=1024)
    per_host_concurrency: int = Field(default=4, ge=1)
    min_interval: Duration = 0.05
    connect_timeout: Duration = 5.0
    read_timeout: Duration = 15.0
    # The most one exchange may take, however fast each read is (a server trickling a byte a
    # second never trips the read timeout).
    request_timeout: Duration = 30.0
    deadline: Duration = 600.0
    retries: int = Field(default=2, ge=0, le=10)
    backoff: Duration = 0.5
    max_backoff: Duration = 8.0
    max_retry_after: Duration = 60.0
    max_redirects: int = Field(default=10, ge=0, le=50)
    user_agent: str = BROWSER_UA
    headers: dict[str, str] = {}
    accept: Statuses = frozenset(range(200, 300))
    exclude: list[str] = []
    hosts: dict[str, HostSettings] = {}
    _host_memo: dict[str, HostSettings] = PrivateAttr(default_factory=dict)

    check_fragments: bool = True
    head_bytes: Size = 16 * 1024
    fragment_max_bytes: Size = 4 * 1024 * 1024

    internal: bool = True
    external: bool = True
    changed_base: str = "origin/main"
    progress: Progress = "auto"
    trust_env: bool = True

    # The API bases themselves are [tool.rsitr-list.endpoints] (Settings.endpoints).
    doi_url_hosts: list[str] = [
        "doi.org",
        "dx.doi.org",
        "www.doi.org",
        "dl.acm.org",
        "onlinelibrary.wiley.com",
        "link.springer.com",
        "www.tandfonline.com",
        "pubs.acs.org",
        "journals.sagepub.com",
        "iopscience.iop.org",
        "www.mdpi.com",
    ]
    arxiv_url_hosts: list[str] = ["arxiv.org", "www.arxiv.org", "export.arxiv.org"]
    arxiv_batch_size: int = Field(default=50, ge=1, le=500)
    github_hosts: list[str] = ["github.com", "www.github.com"]
    github_token_env: str = "GITHUB_TOKEN"
    github_api_enabled: bool = True

    @field_validator("exclude")
    @classmethod
    def _regexes_compile(cls, patterns: list[str]) -> list[str]:
        for i, pattern in enumerate(patterns):
            try:
                re.compile(pattern)
            except re.error as e:
                raise ValueError(f"item {i + 1}, {pattern!r}, is not a valid regular expression ({e})") from None
        return patterns

    @field_validator("fail_on", mode="before")
    @classmethod
    def _known_verdicts(cls, value: Any) -> Any:
        allowed = [v.value for v in Verdict if v is not Verdict.SKIPPED and v is not Verdict.OK]
        for item in value if isinstance(value, (list, tuple, set, frozenset)) else [value]:
            if item not in allowed and not isinstance(item, Verdict):
                raise ValueError(f"{item!r} is not a verdict; choose from {', '.join(allowed)}")
        return value

    @field_validator("hosts")
    @classmethod
    def _host_keys(cls, hosts: dict[str, HostSettings]) -> dict[str, HostSettings]:
        return {k.lower(): v for k, v in hosts.items()}

    # -- per-host lookups -------------------------------------------------------------

    def host(self, hostname: str) -> HostSettings:
        """The effective overrides for a host: built-in, then `*.parent` patterns, then exact."""
        hostname = hostname.lower()
        found = self._host_memo.get(hostname)
        if found is None:
            merged: dict[str, Any] = dict(BUILTIN_HOSTS.get(hostname, {}))
            labels = hostname.split(".")
            # Wildcards from the widest domain to the narrowest, then the exact name: the most specific wins.
            for i in range(len(labels) - 1, 0, -1):
                _merge(merged, self.hosts.get("*." + ".".join(labels[i:])))
            _merge(merged, self.hosts.get(hostname))
            found = self._host_memo[hostname] = HostSettings.model_validate(merged)
        return found

    def compiled_excludes(self) -> list[re.Pattern[str]]:
        return [re.compile(p) for p in self.exclude]

    def cache_file(self, root: Path) -> Path | None:
        return root / self.cache if self.cache else None

    def limits(self, hostname: str) -> tuple[int, float]:
        """(requests in flight, least seconds between request starts) for a host."""
        hs = self.host(hostname)
        return (
            hs.concurrency or self.per_host_concurrency,
            hs.interval if hs.interval is not None else self.min_interval,
        )

    def with_flags(self, flags: dict[str, Any]) -> LinkSettings:
        """These settings with a run's command-line options on top (None: not given).

        `exclude` adds to the configured patterns; every other option replaces its key.
        """
        values = self.model_dump(exclude={"hosts"})
        # Only what each host entry set: unset fields must not hide the built-in host limits.
        values["hosts"] = {name: hs.model_dump(exclude_unset=True) for name, hs in self.hosts.items()}
        for key, value in flags.items():
            if value is None:
                continue
            values[key] = [*self.exclude, *value] if key == "exclude" else value
        try:
            return LinkSettings.model_validate(values)
        except ValidationError as e:
            raise link_settings_error(e.errors(include_url=False), "a command-line option for") from None


def _merge(into: dict[str, Any], override: HostSettings | None) -> None:
    if override is None:
        return
    for name in override.model_fields_set:
        into[name] = getattr(override, name)


def link_settings_error(errors: Sequence[ErrorDetails], source: str, prefix: tuple[str, ...] = ()) -> LinkConfigError:
    """One error naming every bad key of the table; `prefix` is stripped from pydantic's locations."""
    problems = []
    for err in errors:
        loc = tuple(err["loc"])[len(prefix) :]
        where = ".".join(str(p) for p in loc) or "(table)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown setting"
            owner = HostSettings if len(loc) > 1 else LinkSettings
            suggestion = did_you_mean(str(loc[-1]), owner.model_fields)
            if suggestion:
                msg += f" ({suggestion})"
        problems.append(f"{where}: {msg}")
    return LinkConfigError(
        f"{source} {TABLE}: " + "; ".join(problems), hint="see docs/link-checking.md for every setting and its default"
    )


def load_link_settings(table: dict[str, Any], source: str = "pyproject.toml") -> LinkSettings:
    """The table alone, validated (for scripts and tests; commands read it through load_settings)."""
    try:
        return LinkSettings.model_validate(table)
    except ValidationError as e:
        raise link_settings_error(e.errors(include_url=False), source) from None
