"""Many readers at once: requests a second and latency percentiles of `veille serve --workers N`
under a real load generator (wrk, from Debian: `apt install wrk`), 32 connections on the timeline
(and the other paths given), against the archive of benchmarks/web.py (filled first when the
database holds no article; --db URL kept as it is, as web.py --keep does).

    python benchmarks/load.py --db URL [--articles 1000000] [--workers 1 2 4] [--connections 32]
                              [--seconds 20] [--path / --path /api/articles]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from web import fill
from web_fixtures import free_port, wait_until_served

REPORT = """
done = function(summary, latency, requests)
  io.write(string.format("veille-load %d %d %d %.3f %.3f %.3f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def measured(port: int, path: str, connections: int, seconds: int, script: Path) -> tuple[float, ...]:
    """(requests/s, errors, p50 ms, p95 ms, p99 ms) of one wrk run."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script)]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"veille-load (\d+) (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+)", output)
    assert found, output
    requests, errors, micros = int(found[1]), int(found[2]), int(found[3])
    return requests / (micros / 1e6), errors, float(found[4]), float(found[5]), float(found[6])


def memory(process: psutil.Process) -> int:
    """The largest resident set of the server's processes, in MB."""
    return int(max(p.memory_info().rss for p in [process, *process.children(recursive=True)]) // 2**20)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", required=True)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--path", action="append", default=None)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("benchmarks/load.py needs wrk (apt install wrk)")
    fill(args.db, args.articles)
    paths = args.path or ["/"]
    table = Table(title=f"veille serve under {args.connections} connections ({args.db.split(':')[0]})")
    for column in ("path", "workers", "requests/s", "errors", "p50 ms", "p95 ms", "p99 ms", "MB per process"):
        table.add_column(column, justify="left" if column == "path" else "right")
    with tempfile.TemporaryDirectory() as home:
        script = Path(home) / "report.lua"
        script.write_text(REPORT)
        for workers in args.workers:
            port = free_port()
            env = {**os.environ, "VEILLE_HOME": home, "VEILLE_DB": args.db}
            command = [
                sys.executable,
                "-m",
                "veille",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ]
            server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
            try:
                assert wait_until_served(port), "the server did not start"
                for path in paths:
                    measured(port, path, args.connections, 3, script)  # warm the caches
                    rate, errors, p50, p95, p99 = measured(port, path, args.connections, args.seconds, script)
                    table.add_row(
                        path, str(workers), f"{rate:.0f}", str(int(errors)), f"{p50:.0f}", f"{p95:.0f}",
                        f"{p99:.0f}", str(memory(psutil.Process(server.pid))),
                    )  # fmt: skip
            finally:
                server.send_signal(signal.SIGINT)
                server.wait(30)
    Console().print(table)


if __name__ == "__main__":
    main()
