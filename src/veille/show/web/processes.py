"""The web reader in several processes (`veille serve --workers N`), each listening on the one
address with a socket of its own (SO_REUSEPORT), so that the kernel spreads new connections
across them. With one socket shared by all (uvicorn's own supervisor), the process that woke
first accepted most of a burst of keep-alive connections and kept them: 32 readers got 106
requests a second from two processes, as from one (docs/benchmarks.md). A process that dies is
started again; Ctrl-C or SIGTERM stops them all."""

from __future__ import annotations

import multiprocessing
import signal
import socket
from collections.abc import Callable
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from types import FrameType

from veille.config import Settings

STOP_SECONDS = 10.0


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on `host`:`port` beside the other processes' (SO_REUSEPORT)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listening = socket.socket(family, kind, proto)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listening.bind(address)
    listening.listen(2048)
    return listening


def run_processes(settings: Settings, count: int, serve: Callable[[Settings], None]) -> None:
    """`count` processes each running `serve(settings)` (a module-level function: they are
    spawned), until a signal stops this one."""
    context = multiprocessing.get_context("spawn")
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes: list[BaseProcess] = []
    try:
        processes = [_start(context, serve, settings) for _ in range(count)]
        while not stopping:
            wait([p.sentinel for p in processes], timeout=0.5)
            for index, process in enumerate(processes):
                if not stopping and process.exitcode is not None:
                    processes[index] = _start(context, serve, settings)
    finally:
        for process in processes:
            if process.exitcode is None:
                process.terminate()  # SIGTERM: uvicorn finishes the requests under way
        for process in processes:
            process.join(STOP_SECONDS)
            if process.exitcode is None:
                process.kill()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _start(
    context: multiprocessing.context.SpawnContext, serve: Callable[[Settings], None], settings: Settings
) -> BaseProcess:
    process = context.Process(target=serve, args=(settings,), daemon=True)
    process.start()
    return process
