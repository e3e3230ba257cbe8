"""The `veille` command."""

from veille.cli.app import app

__all__ = ["app"]
