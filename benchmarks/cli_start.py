"""How long the `veille` command takes to answer the commands a reader types most, from a cold
process each time: `veille --help`, `veille list` and `veille stories` on an empty home (the
database is created by the first run). Median and worst of --runs runs each.

    python benchmarks/cli_start.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

from rich.console import Console
from rich.table import Table

COMMANDS = (["--help"], ["list"], ["stories"])


def seconds(arguments: list[str], home: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "veille", *arguments],
        env={**os.environ, "VEILLE_HOME": home},
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    table = Table(title=f"veille's start, {args.runs} cold runs each")
    for column in ("command", "median s", "worst s"):
        table.add_column(column, justify="left" if column == "command" else "right")
    with tempfile.TemporaryDirectory() as home:
        seconds(["list"], home)  # creates the database
        for arguments in COMMANDS:
            runs = [seconds(arguments, home) for _ in range(args.runs)]
            table.add_row(
                "veille " + " ".join(arguments), f"{statistics.median(runs):.2f}", f"{max(runs):.2f}"
            )
    Console().print(table)


if __name__ == "__main__":
    main()
