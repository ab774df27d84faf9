"""Benchmark definitions and the archived leaderboards they replace."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Record
from .types import RecordId, Text, Url

Metric = Literal["i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10", "mR"]


class Benchmark(Record):
    id: RecordId
    dataset: RecordId
    task: Text
    metrics: list[Metric] = Field(min_length=1)
    protocol: Text | None = None


class ArchivedLeaderboard(Record):
    url: Url
    title: Text
    dataset: RecordId
    status: Literal["dead", "alive"]
    note: Text | None = None


class BenchmarkRegistry(Record):
    benchmarks: list[Benchmark]
    archived_leaderboards: list[ArchivedLeaderboard] = Field(default_factory=list)
