"""Reading input in bounded pieces: lines that may be huge, and standard input that may be endless.

A JSON Lines file (or stdin) is never read whole, and no line is held in memory past
a limit: an over-long line is skipped as it streams by and reported by number, so a
100 MB line costs a few megabytes, not a gigabyte.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

# Bytes read at a time.
CHUNK = 1 << 20


class TooLong:
    """Stands for a line longer than the limit (its bytes were not kept)."""

    def __init__(self, size: int) -> None:
        self.size = size


def bounded_lines(stream: BinaryIO | Prefixed, limit: int) -> Iterator[bytes | TooLong]:
    """The lines of `stream` (each with its newline), or `TooLong` for a line over `limit` bytes."""
    parts: list[bytes] = []
    size = 0  # bytes of the current line so far (also counted once it is too long)
    # read1: what has arrived, so lines from a slow pipe are handed on as they come
    read = getattr(stream, "read1", stream.read)
    while True:
        chunk = read(CHUNK)
        if not chunk:
            break
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end + 1]
            size += len(piece)
            if size <= limit:
                parts.append(piece)
            elif parts:
                parts = []  # too long: drop what was kept, count the rest
            if end < 0:
                break
            yield b"".join(parts) if size <= limit else TooLong(size)
            parts, size, start = [], 0, end + 1
    if size:
        yield b"".join(parts) if size <= limit else TooLong(size)


class Prefixed:
    """A binary stream whose first bytes were already read (to sniff the format): they come first."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self.head, self.rest = head, rest

    def read(self, n: int = -1) -> bytes:
        if self.head:
            if n < 0:
                out, self.head = self.head + self.rest.read(), b""
                return out
            out, self.head = self.head[:n], self.head[n:]
            return out
        return self.rest.read(n)

    def read1(self, n: int = -1) -> bytes:
        if self.head:
            return self.read(n)
        return getattr(self.rest, "read1", self.rest.read)(n)


def sniff(stream: BinaryIO) -> tuple[bytes, Prefixed]:
    """The first non-blank byte of `stream` (b"" when it holds only whitespace) and the whole
    stream again, for reading from the start (only blank chunks are skipped while looking)."""
    while True:
        chunk = stream.read(CHUNK)
        if not chunk:
            return b"", Prefixed(b"", stream)
        stripped = chunk.lstrip()
        if stripped:
            return stripped[:1], Prefixed(chunk, stream)


def read_at_most(stream: BinaryIO | Prefixed, limit: int) -> tuple[bytes, bool]:
    """Up to `limit` bytes of `stream`, and whether there was more (the rest is not read)."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts), False
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)[:limit], True
