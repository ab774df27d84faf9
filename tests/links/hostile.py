"""Hostile servers on loopback: raw sockets that send whatever a test scripts, in-process.

Every handler loop is bounded: it stops when the client hangs up, when the test closes
the host, or after `MAX_SECONDS`, whichever comes first, so a broken client can make a
test fail but never hang it.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
import time
from collections.abc import Callable

MAX_SECONDS = 20.0


class Conn:
    """One accepted connection, as the handler sees it."""

    def __init__(self, sock: socket.socket, host: RawHost):
        self.sock = sock
        self.host = host
        self.ends = time.monotonic() + MAX_SECONDS

    @property
    def live(self) -> bool:
        return not self.host.stopped.is_set() and time.monotonic() < self.ends

    def read_request(self) -> bytes:
        """The request head (up to the blank line), or b"" if the client went away."""
        data = b""
        self.sock.settimeout(0.1)
        while b"\r\n\r\n" not in data and len(data) < 64 * 1024 and self.live:
            try:
                chunk = self.sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return b""
            if not chunk:
                return b""
            data += chunk
        return data

    def send(self, data: bytes) -> bool:
        """Send all of `data`; False once the client is gone."""
        self.sock.settimeout(2.0)
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        self.host.count(len(data))
        return True

    def trickle(self, data: bytes, every: float) -> None:
        """One byte, then a pause, until `data` is sent or the client is gone."""
        for i in range(len(data)):
            if not self.live or self.client_left() or not self.send(data[i : i + 1]):
                return
            time.sleep(every)

    def client_left(self) -> bool:
        readable, _, _ = select.select([self.sock], [], [], 0)
        if not readable:
            return False
        try:
            return self.sock.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def wait_for_client_to_leave(self) -> None:
        while self.live and not self.client_left():
            time.sleep(0.05)

    def reset(self) -> None:
        """Close with a TCP RST instead of a FIN, as a crashing server or middlebox does."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


Handler = Callable[[Conn], None]


class RawHost:
    def __init__(self, ip: str, handler: Handler):
        self.ip = ip
        self.handler = handler
        self.stopped = threading.Event()
        self.connections = 0
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._listener = socket.create_server((ip, 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def url(self, path: str) -> str:
        return f"http://{self.ip}:{self.port}{path}"

    def count(self, n: int) -> None:
        with self._lock:
            self.bytes_sent += n

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
            t = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, sock: socket.socket) -> None:
        # A small send buffer, so what counts as sent is close to what the client read.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16 * 1024)
        try:
            self.handler(Conn(sock, self))
        except OSError:
            pass  # the client hung up: what the test checks is the client's side
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def close(self) -> None:
        self.stopped.set()
        self._listener.close()
        for t in self._threads:
            t.join(MAX_SECONDS)
