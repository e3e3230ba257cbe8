"""The reader's interface in the reader's language (French first; English for any language the
catalogue lacks)."""

from __future__ import annotations

CATALOGUE: dict[str, dict[str, str]] = {
    "fr": {
        "timeline": "Fil", "stories": "Histoires", "sources": "Sources", "search": "Rechercher",
        "all_languages": "Toutes les langues", "all_sources": "Toutes les sources", "unread": "Non lus",
        "starred": "Favoris", "since": "Depuis", "until": "Jusqu'au", "filter": "Filtrer",
        "older": "Plus anciens", "newest": "Les plus récents", "no_articles": "Aucun article.",
        "original": "Lire sur le site d'origine", "also_on": "Aussi sur", "original_publication": "Publication d'origine",
        "story_articles": "Dans la même histoire", "star": "Ajouter aux favoris", "unstar": "Retirer des favoris",
        "mark_read": "Marquer comme lu", "mark_unread": "Marquer comme non lu", "articles": "articles",
        "first": "Premier", "latest": "Dernier", "sites": "sites", "add": "Ajouter", "import_opml": "Importer un OPML",
        "remove": "Retirer", "fetch_now": "Relever maintenant", "status": "État", "last_fetch": "Dernier relevé",
        "last_error": "Dernière erreur", "ok": "OK", "never": "jamais", "url": "Adresse d'un flux ou d'un site",
        "new_articles": "nouveaux articles", "results": "résultats pour", "password": "Mot de passe",
        "login": "Se connecter", "logout": "Se déconnecter", "login_failed": "Mot de passe incorrect.",
        "too_many": "Trop d'essais : réessayez dans quelques minutes.", "fetching": "Relevé en cours…",
        "shortcuts": "j/k : suivant/précédent · o : ouvrir · s : favori · / : rechercher",
        "feed": "Flux Atom", "source_added": "Source ajoutée", "source_removed": "Source retirée",
        "sources_imported": "sources importées", "languages": "Langues",
    },
    "en": {
        "timeline": "Timeline", "stories": "Stories", "sources": "Sources", "search": "Search",
        "all_languages": "All languages", "all_sources": "All sources", "unread": "Unread",
        "starred": "Starred", "since": "Since", "until": "Until", "filter": "Filter",
        "older": "Older", "newest": "Newest", "no_articles": "No articles.",
        "original": "Read on the original site", "also_on": "Also on", "original_publication": "Originally published by",
        "story_articles": "In the same story", "star": "Star", "unstar": "Unstar",
        "mark_read": "Mark as read", "mark_unread": "Mark as unread", "articles": "articles",
        "first": "First", "latest": "Latest", "sites": "sites", "add": "Add", "import_opml": "Import OPML",
        "remove": "Remove", "fetch_now": "Fetch now", "status": "Status", "last_fetch": "Last fetch",
        "last_error": "Last error", "ok": "OK", "never": "never", "url": "Address of a feed or a site",
        "new_articles": "new articles", "results": "results for", "password": "Password",
        "login": "Log in", "logout": "Log out", "login_failed": "Wrong password.",
        "too_many": "Too many attempts: try again in a few minutes.", "fetching": "Fetching…",
        "shortcuts": "j/k: next/previous · o: open · s: star · /: search",
        "feed": "Atom feed", "source_added": "Source added", "source_removed": "Source removed",
        "sources_imported": "sources imported", "languages": "Languages",
    },
}  # fmt: skip


def strings(lang: str) -> dict[str, str]:
    return CATALOGUE.get(lang, CATALOGUE["en"])
