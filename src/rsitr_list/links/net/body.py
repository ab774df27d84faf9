"""Read as little of a body as its purpose needs, and decode it within a cap.

Bodies are read raw and decoded here, so a gzip bomb costs at most the bytes we meant
to look at: zlib is asked for no more output than the cap leaves room for.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass

from .errors import EXCHANGE_ERRORS

_CHUNK = 16 * 1024


class _Decoder:
    """Content-Encoding gzip or deflate (zlib or raw), or none; None for anything else."""

    def __init__(self, encoding: str):
        self._raw_deflate_tried = False
        self.encoding = encoding
        if encoding == "gzip" or encoding == "x-gzip":
            self._z: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        else:
            self._z = None

    def decode(self, data: bytes, room: int) -> bytes:
        if self._z is None:
            return data[:room]
        try:
            return self._z.decompress(data, room)
        except zlib.error:
            if self.encoding == "deflate" and not self._raw_deflate_tried:
                # Some servers send raw deflate streams under "deflate".
                self._raw_deflate_tried = True
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                return self.decode(data, room)
            raise


def decoder_for(content_encoding: str) -> _Decoder | None:
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity", "gzip", "x-gzip", "deflate"):
        return _Decoder(encoding)
    return None  # an encoding we never asked for (br, zstd ...): its bytes mean nothing to us


@dataclass(frozen=True)
class Body:
    kept: bytes  # the first `keep` decoded bytes
    complete: bool  # read to its end
    found: bool | None  # whether the scan found what it looked for; None without a scan
    decoded: bool  # False when the encoding is not one we can read


def read_body(
    read1: Callable[[int], bytes],
    content_encoding: str,
    *,
    limit: int,
    keep: int,
    scan: Callable[[bytes], bool] | None = None,
    expired: Callable[[], bool] = lambda: False,
) -> Body:
    """Read up to `limit` bytes (raw and decoded alike), keeping the first `keep` decoded ones.

    `read1` returns what one read brings (b"" at the end); `scan` is fed decoded chunks and
    returns True to stop; `expired` says the exchange's time is up. A body cut short is not
    an error: what was read is returned, marked incomplete.
    """
    decoder = decoder_for(content_encoding)
    kept = bytearray()
    raw = decoded = 0
    found: bool | None = False if scan is not None else None
    complete = False
    while raw < limit and decoded < limit and not expired():
        try:
            data = read1(min(_CHUNK, limit - raw))
        except EXCHANGE_ERRORS:
            break  # cut short (a reset, a lying Content-Length, the time cap): keep what came
        if not data:
            complete = True
            break
        raw += len(data)
        if decoder is None:
            continue
        try:
            text = decoder.decode(data, limit - decoded)
        except zlib.error:
            break  # not what it claims to be: judge by what was decoded so far
        decoded += len(text)
        if len(kept) < keep:
            kept += text[: keep - len(kept)]
        if scan is not None and scan(text):
            found = True
            break
    return Body(bytes(kept), complete, found, decoder is not None)
