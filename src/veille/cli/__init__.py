"""The `veille` command."""

import sys

import typer

from veille.cli.app import app, err
from veille.cli.help import command
from veille.cli.progress import error_line
from veille.cli.watching import digest, watch_app  # registered on `app` as they are defined


def main() -> None:
    """The `veille` command, its help in the reader's language, and a usage error (a number
    that is not one, an option out of its range) in one line like any other error."""
    try:
        code = command(app).main(prog_name="veille", standalone_mode=False)
    except typer.Abort:
        sys.exit(1)
    except typer.TyperException as error:
        if type(error).__name__ == "NoArgsIsHelpError" and hasattr(error, "show"):
            error.show()  # `veille` alone: its help, as Click shows it
            sys.exit(getattr(error, "exit_code", 2))
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        err.print(error_line(" ".join(message.split())), markup=False)
        sys.exit(getattr(error, "exit_code", 2))
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "digest", "main", "watch_app"]
