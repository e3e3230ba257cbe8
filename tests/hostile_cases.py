"""The hostile web, as cases shared by the tests and `benchmarks/hostile.py`: addresses no
fetcher should follow, payloads in the shape of feedparser's sanitizer cases (written here, not
copied), servers that misbehave, and compression bombs. Each case names what it is, so a failure
says which."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from functools import cache

import brotli
import lxml.html

from localweb import LocalWeb, Route

BAD_ADDRESSES = (
    "http://127.0.0.1:99999/x",
    "http://a\x7f.com/",
    "java\tscript:alert(1)",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "ftp://example.org/file",
    "http://[::1",
    "http://",
    "http:///path-only",
    "//",
    "http://exa mple.com/",
    "http://example.org:0/",
    "http://example.org:-1/",
    "http://user@:80/",
    "http://" + "a" * 3000 + ".example/",
    "http://example.org/\x00nul",
    "\x00",
    "",
)
"""Entry links, redirects and images that must never be fetched, stored or republished."""

PAYLOADS = (
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<img src=`javascript:alert(1)`>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<iframe src="http://evil.example/"></iframe>',
    '<object data="http://evil.example/x.swf"></object>',
    '<embed src="http://evil.example/x.swf">',
    '<form action="http://evil.example/"><input name=q></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="http://evil.example/">',
    '<link rel=stylesheet href="http://evil.example/x.css">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    "<p onclick=alert(1) onmouseover=alert(2)>x</p>",
    "<<script>alert(1);//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<xss:script xmlns:xss="http://www.w3.org/1999/xhtml">alert(1)</xss:script>',
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<isindex action=javascript:alert(1) type=image>",
    '<a href="http://evil.example/" target=_blank>x</a>',
    "Title with a NUL \x00 byte",
    "Controls \x01\x02\x03\x07\x08\x0b\x0c\x1b[31m and DEL \x7f",
    "Lone surrogate \ud800 here",
    "Non-characters \ufffe\uffff",
    "Right-to-left \u202e override",
    "A" * 5000,
    "{{7*7}} {% raw %}${7*7}{% endraw %} #{7*7}",
)
"""What a feed may put in any field: scripts, handlers, dangerous addresses, characters that
XML forbids or PostgreSQL refuses, very long values, template syntax."""

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text", "livescript:")


def executable_markup(page: str) -> list[str]:
    """What on a page veille served could run script, read as a browser reads it: script
    elements other than veille's own, event-handler attributes, frames and plugins, addresses
    with a script scheme, a refresh or a base of its own."""
    document = lxml.html.fromstring(page)
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not (element.get("src") or "").startswith("/static/"):
            found.append(f"<script> {element.text_content()[:40]!r}")
        if (tag in ("iframe", "object", "embed", "frame", "base", "form") and tag != "form") or (
            tag == "form" and not (element.get("action") or "/").startswith("/")
        ):
            found.append(f"<{tag}>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta refresh>")
        for name, value in element.attrib.items():
            squeezed = "".join(value.split()).lower()
            if name.lower().startswith("on"):
                found.append(f"{tag}@{name}")
            elif squeezed.startswith(DANGEROUS_SCHEMES) or "expression(" in squeezed:
                found.append(f"{tag}@{name}={value[:40]!r}")
    return found


BOMB_BYTES = 400_000_000
"""What each bomb inflates to: eighty times the default limit, in a reply of a few hundred
kilobytes at most."""


@cache
def _zeros_gzip(layers: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    body = b"".join(compressor.compress(block) for _ in range(BOMB_BYTES >> 20)) + compressor.flush()
    for _ in range(layers - 1):
        body = gzip.compress(body, 9)
    return body


@cache
def _zeros_brotli() -> bytes:
    compressor = brotli.Compressor(quality=5)
    block = bytes(1 << 20)
    body: bytes = b"".join(compressor.process(block) for _ in range(BOMB_BYTES >> 20)) + compressor.finish()
    return body


@cache
def _zeros_deflate() -> bytes:
    compressor = zlib.compressobj(9)
    block = bytes(1 << 20)
    return b"".join(compressor.compress(block) for _ in range(BOMB_BYTES >> 20)) + compressor.flush()


def bombs() -> dict[str, Route]:
    """Replies that inflate to BOMB_BYTES, by encoding."""
    html = "text/html; charset=utf-8"
    return {
        "/bomb/br": Route(body=_zeros_brotli(), content_type=html, headers={"Content-Encoding": "br"}),
        "/bomb/gzip": Route(body=_zeros_gzip(1), content_type=html, headers={"Content-Encoding": "gzip"}),
        "/bomb/gzip-gzip": Route(
            body=_zeros_gzip(2), content_type=html, headers={"Content-Encoding": "gzip, gzip"}
        ),
        "/bomb/br-of-gzip": Route(
            body=brotli.compress(_zeros_gzip(1)), content_type=html, headers={"Content-Encoding": "gzip, br"}
        ),
        "/bomb/deflate": Route(
            body=_zeros_deflate(), content_type=html, headers={"Content-Encoding": "deflate"}
        ),
    }


def gzip_bomb_file() -> bytes:
    """A saved page that is a gzip bomb (`veille extract page.html.gz`)."""
    return _zeros_gzip(1)


@dataclass(frozen=True)
class FaultyServer:
    name: str
    route: Route


def faulty_servers(hang: float) -> list[FaultyServer]:
    """Servers that answer wrong, each as the page of one entry. `hang`: longer than the
    client's timeout."""
    html = "text/html; charset=utf-8"
    cases = [
        FaultyServer("hangs before answering", Route(body=b"<p>late</p>", delay=hang)),
        FaultyServer("closes without a word", Route(raw=b"")),
        FaultyServer("not HTTP at all", Route(raw=b"SSH-2.0-OpenSSH_9.0\r\n")),
        FaultyServer("invalid status line", Route(raw=b"HTTP/1.1 abc Nope\r\n\r\n")),
        FaultyServer(
            "body shorter than its Content-Length",
            Route(raw=b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n<p>cut"),
        ),
        FaultyServer(
            "malformed chunked body",
            Route(raw=b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
        ),
        FaultyServer(
            "header line without a colon",
            Route(raw=b"HTTP/1.1 200 OK\r\nthis is not a header\r\nContent-Length: 2\r\n\r\nok"),
        ),
        FaultyServer(
            "a header of 100 kB", Route(raw=b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\nok")
        ),
        FaultyServer(
            "redirect to javascript:", Route(status=302, headers={"Location": "javascript:alert(1)"})
        ),
        FaultyServer(
            "redirect to port 99999", Route(status=302, headers={"Location": "http://127.0.0.1:99999/"})
        ),
        FaultyServer(
            "redirect to an address with a tab", Route(status=302, headers={"Location": "http://a\tb/"})
        ),
        FaultyServer("redirect to file:", Route(status=301, headers={"Location": "file:///etc/passwd"})),
        FaultyServer("redirect without Location", Route(status=302)),
        FaultyServer("redirect to itself", Route(status=302, headers={"Location": "/faulty/redirect-loop"})),
        FaultyServer("HTTP 500", Route(status=500, body=b"oops")),
        FaultyServer(
            "HTTP 429 asking to wait two minutes", Route(status=429, headers={"Retry-After": "120"})
        ),
        FaultyServer(
            "HTTP 503 with a Retry-After date",
            Route(status=503, headers={"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}),
        ),
        FaultyServer("HTTP 999", Route(status=999, body=b"?")),
        FaultyServer("an image", Route(body=b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")),
        FaultyServer("binary labelled HTML", Route(body=bytes(range(256)) * 40, content_type=html)),
        FaultyServer("empty HTML page", Route(body=b"", content_type=html)),
        FaultyServer(
            "gzip that is not gzip",
            Route(body=b"not gzip at all", content_type=html, headers={"Content-Encoding": "gzip"}),
        ),
        FaultyServer(
            "unknown Content-Encoding",
            Route(body=b"<p>x</p>", content_type=html, headers={"Content-Encoding": "snappy"}),
        ),
        FaultyServer(
            "five stacked encodings",
            Route(
                body=b"<p>x</p>",
                content_type=html,
                headers={"Content-Encoding": "gzip, gzip, gzip, gzip, gzip"},
            ),
        ),
        FaultyServer(
            "charset that does not exist",
            Route(body="<p>Été</p>".encode("cp1252"), content_type="text/html; charset=x-nonsense"),
        ),
        FaultyServer(
            "Content-Length that is not a number",
            Route(raw=b"HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n<p>x</p>"),
        ),
        FaultyServer("a body that never ends", Route(endless=True, content_type=html)),
        FaultyServer(
            "deeply nested HTML",
            Route(body=b"<div>" * 50_000 + b"text" + b"</div>" * 50_000, content_type=html),
        ),
    ]
    cases.extend(FaultyServer(f"bomb {path.rsplit('/', 1)[1]}", route) for path, route in bombs().items())
    return cases


def serve_faulty(web: LocalWeb, hang: float) -> dict[str, str]:
    """Every faulty server on `web`, by name: where its page is."""
    urls = {}
    for index, case in enumerate(faulty_servers(hang)):
        path = "/faulty/redirect-loop" if case.name == "redirect to itself" else f"/faulty/{index}"
        web.routes[path] = case.route
        urls[case.name] = web.url(path)
    return urls
