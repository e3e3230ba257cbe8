"""What counts as a web address veille may follow, fetch, store and republish: an absolute
http(s) address with a host and a port that exists, no control character, short enough to
store. Anything else a feed or a page gives (`javascript:`, `data:`, `file:`, a port of 99999,
`http://[::1`) is refused where it enters, so no later stage ever sees it."""

from __future__ import annotations

import ipaddress
from urllib.parse import urljoin, urlsplit

import httpx

MAX_ADDRESS_LENGTH = 2048
"""The longest address stored (the columns' bound, the same on every engine)."""


def web_address(url: str | None, base: str | None = None) -> str | None:
    """`url` (resolved against `base`) when it is a usable http(s) address, else None."""
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    try:
        absolute = urljoin(base, url) if base else url
        parsed = httpx.URL(absolute)
        # The standard library, which identity.py uses, must read it too (it is stricter at times).
        port = urlsplit(absolute).port or parsed.port
    except (httpx.InvalidURL, ValueError, TypeError, OverflowError):
        return None
    if parsed.scheme not in ("http", "https") or not parsed.host or any(c in parsed.host for c in "% "):
        return None
    if port is not None and not 0 < port < 65536:
        return None
    if len(absolute) > MAX_ADDRESS_LENGTH or any(ord(c) < 32 or ord(c) == 127 for c in absolute):
        return None
    return absolute


def is_public_ip(address: str) -> bool:
    """Whether an IP address is one of the public Internet's: not loopback, private, link-local,
    shared, reserved or multicast (an IPv4 address written as IPv6 is judged as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0].strip("[]"))
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
