"""What veille says to its reader (web pages, and the CLI's lists), in the reader's language:
French first, then English, German, Spanish, Italian and Portuguese; English for a language the
catalogue lacks. Counts agree with their number by the language's plural rules (CLDR, through
Babel: "1 article", "0 article" in French, "0 articles" in English), and languages are named in
the reader's language."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

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
        "article": "article", "site": "site", "new_article": "nouvel article", "source_imported": "source importée", "name": "Nom",
        "no_sources": "Aucune source pour l'instant.",
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
        "article": "article", "site": "site", "new_article": "new article", "source_imported": "source imported", "name": "Name",
        "no_sources": "No sources yet.",
    },
    "de": {
        "timeline": "Übersicht", "stories": "Geschichten", "sources": "Quellen", "search": "Suchen",
        "all_languages": "Alle Sprachen", "all_sources": "Alle Quellen", "unread": "Ungelesen",
        "starred": "Markiert", "since": "Seit", "until": "Bis", "filter": "Filtern",
        "older": "Ältere", "newest": "Neueste", "no_articles": "Keine Artikel.",
        "original": "Auf der Originalseite lesen", "also_on": "Auch auf", "original_publication": "Ursprünglich erschienen bei",
        "story_articles": "In derselben Geschichte", "star": "Markieren", "unstar": "Markierung entfernen",
        "mark_read": "Als gelesen markieren", "mark_unread": "Als ungelesen markieren", "articles": "Artikel",
        "first": "Erster", "latest": "Neuester", "sites": "Seiten", "add": "Hinzufügen", "import_opml": "OPML importieren",
        "remove": "Entfernen", "fetch_now": "Jetzt abrufen", "status": "Status", "last_fetch": "Letzter Abruf",
        "last_error": "Letzter Fehler", "ok": "OK", "never": "nie", "url": "Adresse eines Feeds oder einer Seite",
        "new_articles": "neue Artikel", "results": "Ergebnisse für", "password": "Passwort",
        "login": "Anmelden", "logout": "Abmelden", "login_failed": "Falsches Passwort.",
        "too_many": "Zu viele Versuche: bitte in ein paar Minuten erneut versuchen.", "fetching": "Abruf läuft…",
        "shortcuts": "j/k: nächster/vorheriger · o: öffnen · s: markieren · /: suchen",
        "feed": "Atom-Feed", "source_added": "Quelle hinzugefügt", "source_removed": "Quelle entfernt",
        "sources_imported": "Quellen importiert", "languages": "Sprachen",
        "article": "Artikel", "site": "Seite", "new_article": "neuer Artikel", "source_imported": "Quelle importiert", "name": "Name",
        "no_sources": "Noch keine Quellen.",
    },
    "es": {
        "timeline": "Portada", "stories": "Historias", "sources": "Fuentes", "search": "Buscar",
        "all_languages": "Todos los idiomas", "all_sources": "Todas las fuentes", "unread": "No leídos",
        "starred": "Favoritos", "since": "Desde", "until": "Hasta", "filter": "Filtrar",
        "older": "Anteriores", "newest": "Más recientes", "no_articles": "Ningún artículo.",
        "original": "Leer en el sitio original", "also_on": "También en", "original_publication": "Publicado originalmente por",
        "story_articles": "En la misma historia", "star": "Añadir a favoritos", "unstar": "Quitar de favoritos",
        "mark_read": "Marcar como leído", "mark_unread": "Marcar como no leído", "articles": "artículos",
        "first": "Primero", "latest": "Último", "sites": "sitios", "add": "Añadir", "import_opml": "Importar OPML",
        "remove": "Quitar", "fetch_now": "Actualizar ahora", "status": "Estado", "last_fetch": "Última actualización",
        "last_error": "Último error", "ok": "OK", "never": "nunca", "url": "Dirección de un feed o de un sitio",
        "new_articles": "artículos nuevos", "results": "resultados para", "password": "Contraseña",
        "login": "Entrar", "logout": "Salir", "login_failed": "Contraseña incorrecta.",
        "too_many": "Demasiados intentos: vuelva a intentarlo en unos minutos.", "fetching": "Actualizando…",
        "shortcuts": "j/k: siguiente/anterior · o: abrir · s: favorito · /: buscar",
        "feed": "Feed Atom", "source_added": "Fuente añadida", "source_removed": "Fuente eliminada",
        "sources_imported": "fuentes importadas", "languages": "Idiomas",
        "article": "artículo", "site": "sitio", "new_article": "artículo nuevo", "source_imported": "fuente importada", "name": "Nombre",
        "no_sources": "Todavía no hay fuentes.",
    },
    "it": {
        "timeline": "Notizie", "stories": "Storie", "sources": "Fonti", "search": "Cerca",
        "all_languages": "Tutte le lingue", "all_sources": "Tutte le fonti", "unread": "Non letti",
        "starred": "Preferiti", "since": "Dal", "until": "Al", "filter": "Filtra",
        "older": "Precedenti", "newest": "Più recenti", "no_articles": "Nessun articolo.",
        "original": "Leggi sul sito originale", "also_on": "Anche su", "original_publication": "Pubblicato originariamente da",
        "story_articles": "Nella stessa storia", "star": "Aggiungi ai preferiti", "unstar": "Togli dai preferiti",
        "mark_read": "Segna come letto", "mark_unread": "Segna come non letto", "articles": "articoli",
        "first": "Primo", "latest": "Ultimo", "sites": "siti", "add": "Aggiungi", "import_opml": "Importa OPML",
        "remove": "Rimuovi", "fetch_now": "Aggiorna ora", "status": "Stato", "last_fetch": "Ultimo aggiornamento",
        "last_error": "Ultimo errore", "ok": "OK", "never": "mai", "url": "Indirizzo di un feed o di un sito",
        "new_articles": "nuovi articoli", "results": "risultati per", "password": "Password",
        "login": "Accedi", "logout": "Esci", "login_failed": "Password errata.",
        "too_many": "Troppi tentativi: riprova tra qualche minuto.", "fetching": "Aggiornamento in corso…",
        "shortcuts": "j/k: successivo/precedente · o: apri · s: preferito · /: cerca",
        "feed": "Feed Atom", "source_added": "Fonte aggiunta", "source_removed": "Fonte rimossa",
        "sources_imported": "fonti importate", "languages": "Lingue",
        "article": "articolo", "site": "sito", "new_article": "nuovo articolo", "source_imported": "fonte importata", "name": "Nome",
        "no_sources": "Ancora nessuna fonte.",
    },
    "pt": {
        "timeline": "Destaques", "stories": "Histórias", "sources": "Fontes", "search": "Pesquisar",
        "all_languages": "Todas as línguas", "all_sources": "Todas as fontes", "unread": "Não lidos",
        "starred": "Favoritos", "since": "Desde", "until": "Até", "filter": "Filtrar",
        "older": "Anteriores", "newest": "Mais recentes", "no_articles": "Nenhum artigo.",
        "original": "Ler no site original", "also_on": "Também em", "original_publication": "Publicado originalmente por",
        "story_articles": "Na mesma história", "star": "Adicionar aos favoritos", "unstar": "Remover dos favoritos",
        "mark_read": "Marcar como lido", "mark_unread": "Marcar como não lido", "articles": "artigos",
        "first": "Primeiro", "latest": "Último", "sites": "sites", "add": "Adicionar", "import_opml": "Importar OPML",
        "remove": "Remover", "fetch_now": "Atualizar agora", "status": "Estado", "last_fetch": "Última atualização",
        "last_error": "Último erro", "ok": "OK", "never": "nunca", "url": "Endereço de um feed ou de um site",
        "new_articles": "novos artigos", "results": "resultados para", "password": "Palavra-passe",
        "login": "Entrar", "logout": "Sair", "login_failed": "Palavra-passe incorreta.",
        "too_many": "Demasiadas tentativas: tente novamente dentro de alguns minutos.", "fetching": "A atualizar…",
        "shortcuts": "j/k: seguinte/anterior · o: abrir · s: favorito · /: pesquisar",
        "feed": "Feed Atom", "source_added": "Fonte adicionada", "source_removed": "Fonte removida",
        "sources_imported": "fontes importadas", "languages": "Línguas",
        "article": "artigo", "site": "site", "new_article": "novo artigo", "source_imported": "fonte importada", "name": "Nome",
        "no_sources": "Ainda não há fontes.",
    },
}  # fmt: skip


def _spoken(lang: str) -> str:
    """The catalogue's language for a reader of `lang`: the same, or English."""
    return lang if lang in CATALOGUE else "en"


def strings(lang: str) -> dict[str, str]:
    return CATALOGUE[_spoken(lang)]


def counted(lang: str, count: int, one: str, other: str) -> str:
    """`count` and the catalogue's word `one` (singular) or `other` (plural) that agrees with it,
    by the plural rules of the language the words are in."""
    spoken = _spoken(lang)
    form = Locale.parse(spoken).plural_form(count)
    return f"{count} {CATALOGUE[spoken][one if form == 'one' else other]}"


def language_name(code: str, reader: str) -> str:
    """The language `code` named in the reader's language, capitalised as a label (Espagnol);
    the code itself when CLDR does not know it."""
    try:
        name = Locale.parse(reader).languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name[:1].upper() + name[1:] if name else code
