"""An article's identity is its canonical address: the same article reached by two feeds,
with tracking parameters or with a fragment is stored once.

Only parameters known to track a reader are dropped. Any other parameter may be what names the
article: SPIP's `?article123` and `?Le-titre`, WordPress's `?p=123`, Joomla's `?option=…&id=…`,
ASP.NET's `?id=` (dropping the valueless ones, as courlan's normaliser does, made every SPIP
article of a site one address: its home page)."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|yclid|twclid|igshid|mc_cid|mc_eid|_ga|_gl|"
    r"_hsenc|_hsmi|mkt_tok|oly_anon_id|oly_enc_id|vero_id|wickedid|ncid|cmpid|xtor|at_medium|at_campaign|"
    r"phpsessid|jsessionid|aspsessionid\w*|sessionid|s_cid|__twitter_impression)$",
    re.IGNORECASE,
)
DEFAULT_PORTS = {"http": 80, "https": 443}
_SAFE_PATH = "/:@!$&'()*+,;=-._~%"
_SAFE_QUERY = _SAFE_PATH + "?/"


def _host(netloc: str, scheme: str) -> str:
    """Lower case, IDN as punycode, default port dropped, credentials dropped."""
    host_port = netloc.rsplit("@", 1)[-1]
    if host_port.startswith("["):
        host, _, rest = host_port[1:].partition("]")
        port = rest.removeprefix(":")
        host = f"[{host.lower()}]"
    else:
        host, _, port = host_port.partition(":")
        try:
            host = host.lower().encode("idna").decode("ascii")
        except UnicodeError:
            host = host.lower()
    if port and port.isdigit() and int(port) != DEFAULT_PORTS.get(scheme):
        return f"{host}:{int(port)}"
    return host


_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")


def _encoded(text: str, safe: str) -> str:
    """Characters that must be escaped, escaped (spaces, non-ASCII), and escapes in upper case;
    what was escaped stays escaped (`%2F` is not `/`)."""
    return _ESCAPE.sub(lambda m: m.group().upper(), quote(text, safe=safe))


def _parameter(part: str) -> tuple[str, str | None]:
    key, equals, value = part.partition("=")
    return key, (value if equals else None)


def canonical_url(url: str) -> str:
    """`url` with scheme and host lower-cased, IDN hosts in punycode, the default port, the
    fragment and tracking parameters dropped, percent-encoding made uniform, and the remaining
    parameters (with or without a value) sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    path = _encoded(parts.path, _SAFE_PATH) or "/"
    kept = []
    for part in parts.query.split("&"):
        if not part:
            continue
        key, value = _parameter(part)
        if TRACKING.match(unquote(key)):
            continue
        kept.append((_encoded(key, _SAFE_QUERY), None if value is None else _encoded(value, _SAFE_QUERY)))
    kept.sort(key=lambda parameter: (parameter[0], parameter[1] is not None, parameter[1] or ""))
    query = "&".join(key if value is None else f"{key}={value}" for key, value in kept)
    return urlunsplit((scheme, _host(parts.netloc, scheme), path, query, ""))
