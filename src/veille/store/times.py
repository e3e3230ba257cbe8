"""Times in the database are naive UTC; these convert at the boundary."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def to_db(moment: datetime | None) -> tuple[datetime | None, int | None]:
    """(naive UTC, offset in minutes or None when the moment had no time zone)."""
    if moment is None:
        return None, None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment, None
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return moment.astimezone(UTC).replace(tzinfo=None), minutes


def from_db(moment: datetime | None, offset_minutes: int | None) -> datetime | None:
    """The moment in its own time zone again (naive when it was stored without one)."""
    if moment is None:
        return None
    if offset_minutes is None:
        return moment
    zone = timezone(timedelta(minutes=offset_minutes))
    return moment.replace(tzinfo=UTC).astimezone(zone)


def day_span(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """The moments a filter by days runs from and up to (excluded): the start of `since`, and the
    start of the day after `until`, so that both days are included (`--until 2025-10-20` keeps
    the articles of the 20th). The last day of the calendar (9999-12-31) has no day after it:
    nothing is later, so it bounds nothing."""
    start = datetime.combine(since, time()) if since else None
    end = datetime.combine(until + timedelta(days=1), time()) if until and until < date.max else None
    return start, end
