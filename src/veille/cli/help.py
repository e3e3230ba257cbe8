"""The CLI's help in the reader's language.

Typer builds the commands, their help and their options' help once, in English (marked `N_()`),
before any setting is read. `speak_help` translates them, in place, into the language spoken:
first from the settings of the default home (`veille --help`), then, once `--home` and the
settings are read, from those (`veille fetch --help`: Click runs the group's callback before it
reads the subcommand's options). Each text keeps its English, so it can be said again in another
language."""

from __future__ import annotations

from typing import Any

import typer

from veille.config import preferred_lang
from veille.messages import N_, _, speak

ADDED_BY_TYPER = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
"""The options Click and Typer add, translated like veille's own (Click's headings, Usage and
Options, stay as Click writes them)."""


def speak_help(command: Any) -> None:
    """`command`'s help, its options' (``--help`` included) and its subcommands', in the language
    spoken. `command` is a Click command as Typer builds it (Typer carries its own Click)."""
    help_option = command.get_help_option(typer.Context(command))
    for item in [command, *command.params, help_option]:
        english = vars(item).setdefault("english_help", getattr(item, "help", None))
        if english:
            item.help = _(english)
    for subcommand in getattr(command, "commands", {}).values():
        speak_help(subcommand)


def command(app: typer.Typer) -> Any:
    """`app` as a Click command whose help speaks the reader's language."""
    built = typer.main.get_command(app)
    speak(preferred_lang())
    speak_help(built)
    return built
