"""Content-Encoding undone in bounded steps, so that the size limit bounds the decompressed
bytes as they are produced: an 809-byte brotli reply that would inflate to gigabytes is
refused once it passes the limit, never held in memory. Stacked encodings (`gzip, br`) are
undone in turn, each stage yielding pieces of at most `PIECE` bytes."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Protocol

import brotli

PIECE = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate, br"


class DecodingFailed(ValueError):
    """The body is not valid in the encoding it declares, or the encoding is unknown."""


class TooLarge(ValueError):
    """The decoded body passed the size limit."""


class _Stage(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    def finish(self) -> Iterator[bytes]: ...


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def finish(self) -> Iterator[bytes]:
        yield from ()


class _Zlib:
    """gzip (every member of a multi-member file) and deflate (zlib-wrapped, or raw as some
    servers send it)."""

    def __init__(self, gzip: bool) -> None:
        self.gzip = gzip
        self.started = False
        self.inflater = self._new()

    def _new(self, raw: bool = False) -> zlib._Decompress:
        return zlib.decompressobj(
            -zlib.MAX_WBITS if raw else (16 + zlib.MAX_WBITS if self.gzip else zlib.MAX_WBITS)
        )

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                out = self.inflater.decompress(data, PIECE)
            except zlib.error as error:
                if self.gzip or self.started:
                    raise DecodingFailed(str(error)) from None
                self.inflater, self.started = self._new(raw=True), True
                continue
            self.started = True
            if out:
                yield out
            data = self.inflater.unconsumed_tail
            if self.inflater.eof:
                data = self.inflater.unused_data if self.gzip else b""
                if data:
                    self.inflater = self._new()
            elif not data and len(out) == PIECE:
                yield from self._drain()

    def _drain(self) -> Iterator[bytes]:
        while True:
            out = self.inflater.decompress(b"", PIECE)
            if out:
                yield out
            if len(out) < PIECE:
                return

    def finish(self) -> Iterator[bytes]:
        yield from self._drain()


class _Brotli:
    def __init__(self) -> None:
        self.decompressor = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self.decompressor.process(data, output_buffer_limit=PIECE)
            while True:
                if out:
                    yield out
                if self.decompressor.can_accept_more_data():
                    return
                out = self.decompressor.process(b"", output_buffer_limit=PIECE)
        except brotli.error as error:
            raise DecodingFailed(str(error) or "brotli") from None

    def finish(self) -> Iterator[bytes]:
        yield from ()


def _stage(name: str) -> _Stage:
    match name:
        case "gzip" | "x-gzip":
            return _Zlib(gzip=True)
        case "deflate":
            return _Zlib(gzip=False)
        case "br":
            return _Brotli()
        case "identity" | "":
            return _Identity()
    raise DecodingFailed(f"unknown Content-Encoding {name!r}")


def _fed(stage: _Stage, pieces: Iterable[bytes]) -> Iterator[bytes]:
    for piece in pieces:
        yield from stage.feed(piece)


class BoundedDecoder:
    """Feeds raw chunks through the encodings a response declares, outermost (last applied)
    first; raises TooLarge as soon as the decoded bytes pass `limit`."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        names = [name.strip().lower() for name in content_encoding.split(",") if name.strip()]
        if len(names) > 4:
            raise DecodingFailed(f"{len(names)} stacked encodings")
        self.stages = [_stage(name) for name in reversed(names)]
        self.limit = limit
        self.size = 0
        self.chunks: list[bytes] = []

    def _keep(self, pieces: Iterable[bytes]) -> None:
        for piece in pieces:
            self.size += len(piece)
            if self.size > self.limit:
                raise TooLarge(self.size)
            self.chunks.append(piece)

    def feed(self, raw: bytes) -> None:
        pieces: Iterable[bytes] = [raw]
        for stage in self.stages:
            pieces = _fed(stage, pieces)
        self._keep(pieces)

    def finish(self) -> bytes:
        self._keep(self._finished())
        return b"".join(self.chunks)

    def _finished(self) -> Iterator[bytes]:
        """What each stage still holds, passed on through the stages after it."""
        for index, stage in enumerate(self.stages):
            pieces: Iterable[bytes] = stage.finish()
            for later in self.stages[index + 1 :]:
                pieces = _fed(later, pieces)
            yield from pieces


def decode_bounded(data: bytes, content_encoding: str, limit: int) -> bytes:
    """`data` decoded whole; TooLarge past `limit` bytes (a gzip file read from disk, say)."""
    decoder = BoundedDecoder(content_encoding, limit)
    for start in range(0, len(data), PIECE):
        decoder.feed(data[start : start + PIECE])
    return decoder.finish()
