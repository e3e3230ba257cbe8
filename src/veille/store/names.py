"""The spellings of names that veille has met in one story, in several languages or scripts
(Poutine, Putin, Путин, بوتين): a search for one also finds the others."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, func, literal, select

from veille.store.schema import name_variants
from veille.store.upsert import dialect_insert

MOST_SHOWN = 8
"""Other spellings searched per word, the most often met: beyond, they are inflections of these."""


@dataclass(frozen=True, slots=True)
class Spelling:
    """Another spelling of a name: as searched (folded), as shown, and the languages of the
    articles that wrote it ("" when unknown), the only ones it is searched in."""

    folded: str
    shown: str
    langs: tuple[str, ...]


Variants = Mapping[str, tuple[Spelling, ...]]


@dataclass(frozen=True, slots=True)
class Met:
    """Two spellings of a name, as searched (folded) and as written, met in one story in articles
    of these languages."""

    first: str
    first_shown: str
    first_lang: str | None
    second: str
    second_shown: str
    second_lang: str | None


def record(connection: Connection, met: Iterable[Met]) -> None:
    """Counts each pair once more, both ways."""
    rows: dict[tuple[str, str, str], str] = {}
    for pair in met:
        if pair.first != pair.second:
            rows[(pair.first, pair.second, pair.second_lang or "")] = pair.second_shown
            rows[(pair.second, pair.first, pair.first_lang or "")] = pair.first_shown
    if not rows:
        return
    statement = dialect_insert(connection, name_variants).on_conflict_do_update(
        index_elements=[name_variants.c.spelling, name_variants.c.variant, name_variants.c.lang],
        set_={"seen": name_variants.c.seen + 1},
    )
    connection.execute(
        statement,
        [
            {"spelling": a, "variant": b, "lang": lang, "shown": shown, "seen": 1}
            for (a, b, lang), shown in sorted(rows.items())
        ],
    )


def variants(connection: Connection, spellings: Iterable[str]) -> Variants:
    """The other spellings of each of `spellings` (folded), the most often met first: those met
    with it, and those met with them (Poutine with Putin, Putin with Путин)."""
    wanted = sorted(set(spellings))
    if not wanted:
        return {}
    first = _neighbours(connection, wanted)
    second = _neighbours(connection, sorted({s.folded for found in first.values() for s in found}))
    found: dict[str, tuple[Spelling, ...]] = {}
    for word in wanted:
        near = list(first.get(word, ()))
        for spelling in first.get(word, ()):
            near.extend(s for s in second.get(spelling.folded, ()) if s.folded != word)
        unique = tuple({s.folded: s for s in reversed(near)}.values())[::-1][:MOST_SHOWN]
        if unique:
            found[word] = unique
    return found


def _neighbours(connection: Connection, spellings: list[str]) -> dict[str, list[Spelling]]:
    found: dict[str, list[Spelling]] = {}
    if not spellings:
        return found
    seen = func.sum(name_variants.c.seen)
    query = (
        select(
            name_variants.c.spelling,
            name_variants.c.variant,
            func.min(name_variants.c.shown).label("shown"),
            func.string_agg(name_variants.c.lang, literal(",")).label("langs")
            if connection.dialect.name == "postgresql"
            else func.group_concat(name_variants.c.lang, literal(",")).label("langs"),
        )
        .where(name_variants.c.spelling.in_(spellings))
        .group_by(name_variants.c.spelling, name_variants.c.variant)
        .order_by(name_variants.c.spelling, seen.desc(), name_variants.c.variant)
    )
    for row in connection.execute(query):
        langs = tuple(sorted(set(row.langs.split(","))))
        found.setdefault(row.spelling, []).append(Spelling(row.variant, row.shown, langs))
    return found
