"""Translations are cached in the database: a headline is translated once per language."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from veille.enrich.translation.engines import Translator
from veille.store.schema import translations


class CachedTranslator:
    def __init__(self, engine: Translator, database: Engine) -> None:
        self.engine = engine
        self.database = database
        self.name = engine.name

    def translate(self, text: str, source: str | None, target: str) -> str:
        if source == target:
            return text
        digest = hashlib.sha256(f"{source}\n{text}".encode()).hexdigest()
        key = {"engine": self.name, "target": target, "digest": digest}
        with self.database.connect() as connection:
            cached = connection.execute(select(translations.c.translation).filter_by(**key)).scalar()
        if cached is not None:
            return str(cached)
        translated = self.engine.translate(text, source, target)
        try:
            with self.database.begin() as connection:
                connection.execute(translations.insert().values(**key, source=source, translation=translated))
        except IntegrityError:
            pass  # stored meanwhile by another writer: the same translation
        return translated
