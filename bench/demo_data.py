"""How long `load_demo_data --projects N` takes, and its peak memory, on a fresh database.

    .venv/bin/python bench/demo_data.py --projects 100000 [--database-url postgres://…]

Writes bench/results/demo_data-<N>-<engine>.json. Uses a throwaway SQLite file unless a
database URL is given (that database is flushed first).
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args, env):
    started = time.monotonic()
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603 - our own manage.py
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--database-url", default="")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="alliance-bench-"))
    database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(workdir / "media")}
    env["DJANGO_SETTINGS_MODULE"] = "alliance.settings.dev"
    if options.database_url:
        run(["flush", "--noinput"], env)
    run(["migrate", "--noinput", "-v0"], env)
    first = run(["load_demo_data", "--projects", str(options.projects)], env)
    again = run(["load_demo_data", "--projects", str(options.projects)], env)
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    engine = database_url.split(":", 1)[0]
    result = {
        "benchmark": "load_demo_data",
        "projects": options.projects,
        "database": engine,
        "first_run_seconds": round(first, 1),
        "projects_per_second": round(options.projects / first),
        "second_run_seconds": round(again, 1),
        "peak_rss_mib": round(peak_kib / 1024),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": datetime.now().isoformat(timespec="seconds"),
    }
    out = ROOT / "bench" / "results" / f"demo_data-{options.projects}-{engine}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
