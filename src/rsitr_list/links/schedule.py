"""Run jobs on a thread pool so that no host gets more than its share at once.

Jobs wait in one queue per host and are handed out round-robin, a host at a time,
only while that host has a free slot: a worker never sits blocked behind a busy host
while another host has work (the limiter still enforces the limits for redirects
that cross hosts).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Callable, Generic, TypeVar

from .ratelimit import Deadline

T = TypeVar("T")


@dataclass
class Job(Generic[T]):
    host: str
    run: Callable[[], T]
    skip: Callable[[], T]  # what the job reports when the deadline passes before it starts


def run_jobs(jobs: list[Job[T]], workers: int, host_limit: Callable[[str], int], deadline: Deadline,
             on_done: Callable[[T], None]) -> None:
    queues: dict[str, deque[Job[T]]] = {}
    for job in jobs:
        queues.setdefault(job.host, deque()).append(job)
    running: dict[str, int] = {h: 0 for h in queues}
    ready: deque[str] = deque(queues)
    in_ready: set[str] = set(queues)
    pending: dict[Future[T], str] = {}

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="links") as pool:
        def fill() -> None:
            while ready and len(pending) < workers:
                host = ready.popleft()
                in_ready.discard(host)
                queue = queues[host]
                if not queue or running[host] >= host_limit(host):
                    continue
                if deadline.expired:
                    while queue:
                        on_done(queue.popleft().skip())
                    continue
                job = queue.popleft()
                running[host] += 1
                pending[pool.submit(job.run)] = host
                if queue and running[host] < host_limit(host):
                    ready.append(host)
                    in_ready.add(host)

        try:
            fill()
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    host = pending.pop(future)
                    running[host] -= 1
                    on_done(future.result())
                    if queues[host] and host not in in_ready:
                        ready.append(host)
                        in_ready.add(host)
                fill()
        except BaseException:
            for future in pending:
                future.cancel()
            raise
