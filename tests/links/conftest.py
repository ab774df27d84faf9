"""Fixtures for the link-checker tests: fake hosts on loopback, an in-process resolver
(no DNS query ever leaves the machine), a settable clock and fast settings."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rsitr_list.links.config import LinkSettings, load_link_settings
from rsitr_list.links.net.fetch import Fetcher
from rsitr_list.links.net.ratelimit import Deadline, Limiter
from rsitr_list.links.net.session import make_session
from rsitr_list.links.web.check import UrlChecker

from .fakeweb import FakeHost, Gauge

_real_getaddrinfo = socket.getaddrinfo


class FakeDNS:
    """Names the tests invent, mapped to loopback; every other name fails as NXDOMAIN would."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.lookups: list[str] = []

    def __call__(self, host, port, *args, **kwargs):  # same signature as socket.getaddrinfo
        name = host.decode() if isinstance(host, bytes) else host
        self.lookups.append(name)
        try:
            ipaddress.ip_address(name)
            return _real_getaddrinfo(host, port, *args, **kwargs)  # a literal: no DNS involved
        except ValueError:
            pass
        if name in self.names:
            return _real_getaddrinfo(self.names[name], port, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


@pytest.fixture(autouse=True)
def fake_dns(monkeypatch: pytest.MonkeyPatch) -> FakeDNS:
    dns = FakeDNS()
    monkeypatch.setattr(socket, "getaddrinfo", dns)
    return dns


class Hosts:
    def __init__(self) -> None:
        self.made: list[FakeHost] = []
        self._next = 2
        self.gauge = Gauge()  # requests in flight across every host of the test

    def __call__(self, latency: float = 0.0) -> FakeHost:
        host = FakeHost(f"127.0.0.{self._next}", latency, self.gauge)
        self._next += 1
        self.made.append(host)
        return host


@pytest.fixture
def hosts() -> Iterator[Hosts]:
    made = Hosts()
    yield made
    for h in made.made:
        h.close()


class Clock:
    def __init__(self, now: float = 1_780_000_000.0):  # 2026-05-28
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


FAST = {
    "connect_timeout": 1.0,
    "read_timeout": 0.5,
    "retries": 1,
    "backoff": 0.01,
    "max_backoff": 0.05,
    "min_interval": 0,
    "deadline": 20,
    "max_retry_after": 2,
}


@pytest.fixture
def make_cfg(tmp_path: Path) -> Callable[..., LinkSettings]:
    def make(**overrides) -> LinkSettings:
        return load_link_settings({**FAST, "cache": str(tmp_path / "links.json"), **overrides})

    return make


@pytest.fixture
def checker(make_cfg) -> Callable[..., UrlChecker]:
    """A URL checker with its own limiter and session, for verdict tests."""
    made = []

    def make(**overrides) -> UrlChecker:
        cfg = make_cfg(**overrides)
        limiter = Limiter(cfg.max_concurrency, cfg.limits, Deadline(cfg.deadline))
        session = make_session(cfg)
        made.append(session)
        return UrlChecker(cfg, Fetcher(cfg, limiter, session))

    yield make
    for s in made:
        s.close()


PROJECT = Path(__file__).parent / "fixtures" / "project"


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the fixture project with @A@, @B@ and @API@ replaced by fake hosts' bases."""

    def make(**bases: str) -> Path:
        root = tmp_path / "project"
        for src in PROJECT.rglob("*"):
            if src.is_dir():
                continue
            rel = src.relative_to(PROJECT)
            dest = root / (str(rel)[:-3] if rel.suffix == ".in" else rel)
            dest.parent.mkdir(parents=True, exist_ok=True)
            text = src.read_text(encoding="utf-8")
            for name, base in bases.items():
                text = text.replace(f"@{name}@", base)
            dest.write_text(text, encoding="utf-8")
        return root

    return make
