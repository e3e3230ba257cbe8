"""The `veille` command."""

from veille.cli.app import app
from veille.cli.help import command


def main() -> None:
    """The `veille` command, its help in the reader's language."""
    command(app)(prog_name="veille")


__all__ = ["app", "main"]
