"""Run checks on a thread pool, starting one only where its host has room.

Checks wait in one queue per host and are started round-robin, a host at a time, while
the limiter says the host could admit another request soon: a worker never sits blocked
behind a busy host while another host has work. A check that waits out a Retry-After
leaves its host's room to others, so the host goes on serving the rest meanwhile.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from .ratelimit import Limiter

T = TypeVar("T")


@dataclass(frozen=True)
class Job(Generic[T]):
    host: str  # where its first request goes
    run: Callable[[], T]
    skip: Callable[[], T]  # what the job reports when the deadline passes before it starts


def run_jobs(jobs: list[Job[T]], workers: int, limiter: Limiter, on_done: Callable[[T], None]) -> None:
    """Run every job (or skip it once the deadline has passed); hand each result to `on_done`."""
    queues: dict[str, deque[Job[T]]] = {}
    for job in jobs:
        queues.setdefault(job.host, deque()).append(job)
    order: deque[str] = deque(queues)
    finished: list[Future[T]] = []
    running = 0

    def run(job: Job[T]) -> T:
        with limiter.task(job.host):
            return job.run()

    def notify(future: Future[T]) -> None:
        with limiter.lock:
            finished.append(future)
            limiter.changed.notify_all()

    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="links") as pool:
        while queues or running:
            with limiter.lock:
                while True:
                    done = finished[:]
                    finished.clear()
                    running -= len(done)
                    skipped: list[Job[T]] = []
                    if limiter.deadline.expired:
                        skipped = [j for q in queues.values() for j in q]
                        queues.clear()
                        order.clear()
                    starts = _pick(queues, order, workers - running, limiter)
                    running += len(starts)
                    if done or starts or skipped or not (queues or running):
                        break
                    # Woken when a request ends or a check stops asking; now and then for pauses and the deadline.
                    limiter.changed.wait(0.25)
            for future in done:
                on_done(future.result())
            for job in skipped:
                on_done(job.skip())
            for job in starts:
                pool.submit(run, job).add_done_callback(notify)


def _pick(queues: dict[str, deque[Job[T]]], order: deque[str], free: int, limiter: Limiter) -> list[Job[T]]:
    """Jobs to start now, round-robin over hosts with room. Call with the limiter's lock held."""
    starts: list[Job[T]] = []
    progress = True
    while free > len(starts) and progress:
        progress = False
        for _ in range(len(order)):
            host = order[0]
            order.rotate(-1)
            queue = queues[host]
            if not limiter.has_room(host):
                continue
            starts.append(queue.popleft())
            limiter.starting(host)
            progress = True
            if not queue:
                del queues[host]
                order.remove(host)
            if free <= len(starts):
                break
    return starts
