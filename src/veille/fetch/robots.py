"""robots.txt rules per host, fetched once and cached for the fetcher's life."""

from __future__ import annotations

from urllib.robotparser import RobotFileParser


def parse_robots(text: str | None) -> RobotFileParser:
    """Rules from a robots.txt body; None (missing or unreadable) allows everything."""
    parser = RobotFileParser()
    parser.parse((text or "").splitlines())
    return parser
