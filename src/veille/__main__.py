"""`python -m veille`: the same as the `veille` command."""

from veille.cli import app

app(prog_name="veille")
