"""The SSRF guard: an article's address, or a redirect, that leads to loopback, a private
network, link-local or multicast is refused. The check is made where the connection is
opened, on the addresses the name resolves to at that moment, and the connection goes to an
address that passed it: a name that resolves to a public address when checked and to
127.0.0.1 when connected (DNS rebinding) cannot slip through."""

from __future__ import annotations

import asyncio
import socket
import typing
from collections.abc import Iterable

import httpcore
import httpx
from httpcore._backends.base import SOCKET_OPTION

from veille.addresses import is_public_ip


class RefusedAddress(Exception):
    """The host resolves only to addresses veille does not fetch from by default."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(host, address)
        self.host, self.address = host, address


async def resolve(host: str, port: int = 80) -> list[str]:
    """The addresses `host` resolves to now ([] when it does not resolve)."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class PublicOnly(httpcore.AsyncNetworkBackend):
    """A network backend that connects only to public addresses."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self.inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        local_address: str | None = None,
        socket_options: Iterable[SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await resolve(host, port)
        public = [address for address in addresses if is_public_ip(address)]
        if addresses and not public:
            raise RefusedAddress(host, addresses[0])
        if not addresses:
            raise httpcore.ConnectError(host) from socket.gaierror(socket.EAI_NONAME, host)
        error: Exception | None = None
        for address in public:
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        assert error is not None
        raise error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109 (httpcore's signature)
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise RefusedAddress(path, path)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def guarded_transport() -> httpx.AsyncHTTPTransport:
    """httpx's own transport, its connection pool given the guarded network backend (httpx
    takes no backend as an argument, so the pool's is wrapped where httpx keeps it)."""
    transport = httpx.AsyncHTTPTransport()
    pool = transport._pool
    assert isinstance(pool, httpcore.AsyncConnectionPool)
    pool._network_backend = PublicOnly(pool._network_backend)
    return transport


async def on_private_network(url: str) -> bool:
    """Whether `url`'s host is a loopback or private one: a source there may link to its own
    network (a company's intranet feed, a test server)."""
    host = httpx.URL(url).host
    return any(not is_public_ip(address) for address in await resolve(host))
