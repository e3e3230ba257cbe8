"""News events told in several languages, written for the story tests."""

from __future__ import annotations

from datetime import UTC, datetime

SUMMIT = {
    "en": (
        "Merz and Montenegro sign energy pact in Berlin",
        "German Chancellor Friedrich Merz and Portuguese Prime Minister Luís Montenegro signed an energy "
        "agreement worth 3.5 billion euros in Berlin on 12 March. The deal links the Sines hydrogen "
        "terminal to German industry through a pipeline across Spain and France. Merz called it a "
        "turning point; Montenegro said the first deliveries would reach Hamburg in 2029.",
    ),
    "fr": (
        "Merz et Montenegro signent un pacte énergétique à Berlin",
        "Le chancelier allemand Friedrich Merz et le Premier ministre portugais Luís Montenegro ont signé "
        "le 12 mars à Berlin un accord énergétique de 3,5 milliards d'euros. L'accord relie le terminal "
        "d'hydrogène de Sines à l'industrie allemande par un gazoduc traversant l'Espagne et la France. "
        "Montenegro a annoncé les premières livraisons à Hambourg pour 2029.",
    ),
    "de": (
        "Merz und Montenegro unterzeichnen Energiepakt in Berlin",
        "Bundeskanzler Friedrich Merz und der portugiesische Ministerpräsident Luís Montenegro haben am "
        "12. März in Berlin ein Energieabkommen über 3,5 Milliarden Euro unterzeichnet. Es verbindet das "
        "Wasserstoffterminal Sines über eine Leitung durch Spanien und Frankreich mit der deutschen "
        "Industrie. Die ersten Lieferungen sollen 2029 in Hamburg ankommen.",
    ),
    "es": (
        "Merz y Montenegro firman un pacto energético en Berlín",
        "El canciller alemán Friedrich Merz y el primer ministro portugués Luís Montenegro firmaron el 12 "
        "de marzo en Berlín un acuerdo energético de 3.500 millones de euros. El acuerdo conecta la "
        "terminal de hidrógeno de Sines con la industria alemana mediante un gasoducto que cruza España y "
        "Francia. Las primeras entregas llegarán a Hamburgo en 2029.",
    ),
}
SUMMIT_DATE = datetime(2026, 3, 12, 15, 0, tzinfo=UTC)

EARTHQUAKE = {
    "en": (
        "Magnitude 6.1 earthquake shakes Izmir",
        "An earthquake of magnitude 6.1 struck the Turkish city of Izmir on 4 April, injuring 27 people "
        "and damaging 140 buildings, the disaster agency AFAD said. The quake was felt as far as Athens. "
        "Rescue teams searched collapsed houses in the Bayraklı district through the night.",
    ),
    "fr": (
        "Un séisme de magnitude 6,1 secoue Izmir",
        "Un séisme de magnitude 6,1 a frappé la ville turque d'Izmir le 4 avril, faisant 27 blessés et "
        "endommageant 140 bâtiments, selon l'agence AFAD. La secousse a été ressentie jusqu'à Athènes. "
        "Les secouristes ont fouillé toute la nuit les maisons effondrées du quartier de Bayraklı.",
    ),
}
EARTHQUAKE_DATE = datetime(2026, 4, 4, 9, 0, tzinfo=UTC)

SECOND_MEETING = {
    "en": (
        "Merz and Montenegro meet again, in Lisbon, over migration",
        "Friedrich Merz travelled to Lisbon on 20 May to meet Luís Montenegro about the European migration "
        "pact. The two leaders disagreed on relocation quotas; Montenegro asked for 400 million euros for "
        "reception centres in the Algarve.",
    ),
}
SECOND_MEETING_DATE = datetime(2026, 5, 20, 11, 0, tzinfo=UTC)

ERUPTION = (
    "Volcano erupts on Icelandic peninsula, town evacuated",
    "A volcanic eruption began late on Monday on the Reykjanes peninsula, sending fountains of lava into "
    "the night sky. Residents of the fishing town were evacuated before the fissure opened, and the nearby "
    "geothermal spa was closed. Scientists said the eruption could continue for weeks.",
)
ERUPTION_RETOLD = (
    "Volcano erupts on Iceland peninsula and town is evacuated",
    "Late on Monday a volcano began to erupt on the Reykjanes peninsula, throwing lava fountains into the "
    "dark sky. People in the fishing town had been evacuated before the crack opened, and the geothermal "
    "spa close by was shut. Volcanologists said the eruption might go on for weeks.",
)
"""The same event in other words: too few shared keys to join by keys alone, the same meaning."""
RATE_RISE = (
    "Central bank raises interest rates to curb inflation",
    "The central bank lifted its main lending rate by a quarter point on Thursday, its third increase this "
    "year, saying that prices were still rising too fast. Economists expect borrowing costs to stay high "
    "until the summer.",
)
ERUPTION_DATE = datetime(2026, 2, 9, 23, 0, tzinfo=UTC)


SEARCHED = {
    "airbus-toulouse": ("Airbus livre un avion à Toulouse", "lemonde.fr", "fr", "Jean Dupont", 10),
    "airbus-hamburg": ("Airbus baut in Hamburg ein neues Werk", "spiegel.de", "de", "Anna Schmidt", 11),
    "louvre-de": ("Einbruch im Louvre: Juwelen gestohlen", "zeit.de", "de", None, 19),
    "louvre-fr": ("Cambriolage au Louvre, des bijoux volés", "lemonde.fr", "fr", "Claire Martin", 19),
    "summit": ("Putin and Trump to meet in Budapest for a summit", "reuters.com", "en", None, 16),
    "football": ("Budapest hosts the football final tonight", "bbc.co.uk", "en", None, 18),
}
"""Articles of several sites, languages, authors and days (of October 2025), for the search
language's tests: title, site, language, author, day."""

PUTIN = {
    "en": ("Putin and Trump to meet in Budapest on 28 October", "reuters.com"),
    "fr": ("Poutine et Trump se retrouveront à Budapest le 28 octobre", "lemonde.fr"),
    "ru": ("Путин и Трамп встретятся в Будапеште 28 октября", "ria.ru"),
    "el": ("Ο Πούτιν και ο Τραμπ θα συναντηθούν στη Βουδαπέστη στις 28 Οκτωβρίου", "kathimerini.gr"),
    "de": ("Putins Treffen mit Trump in Budapest am 28. Oktober", "spiegel.de"),
}
BODY = {
    "en": "Vladimir Putin and Donald Trump will hold a summit in Budapest, Viktor Orban said; 4,500 police.",
    "fr": "Vladimir Poutine et Donald Trump tiendront un sommet à Budapest, dit Viktor Orban ; 4 500 agents.",
    "ru": "Владимир Путин и Дональд Трамп проведут саммит в Будапеште, сказал Виктор Орбан; 4 500 полиции.",
    "el": "Ο Βλαντιμίρ Πούτιν και ο Ντόναλντ Τραμπ θα συναντηθούν, είπε ο Βίκτορ Όρμπαν· 4.500 αστυνομικοί.",
    "de": "Wladimir Putin und Donald Trump treffen sich in Budapest, sagte Viktor Orban; 4.500 Polizisten.",
}
"""One summit told in five languages and three scripts (title, site; and its first lines)."""
