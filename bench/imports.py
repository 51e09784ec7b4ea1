"""Import benchmark: `import_data` on generated spreadsheets of people, studios and projects, in a fresh demo database.

    .venv/bin/python bench/imports.py [--people 10000] [--studios 2000] [--projects 10000]

Each file is generated from the importers' own columns (tests/test_import.py's generator), written as XLSX,
and imported by `manage.py import_data` in a child process; wall time and peak memory (RSS, from
/usr/bin/time) per run. A file a fifth as long is imported first (its peak memory against the long file's
shows whether memory grows with the file); a second run of the same file (every row unchanged) is timed too.
Writes bench/results/imports-<people>-<studios>-<projects>.json.
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def run(args, env):
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own manage.py
        ["/usr/bin/time", "-f", "RSS_KB=%M", PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    rss = int(re.search(r"RSS_KB=(\d+)", done.stderr).group(1))
    return time.monotonic() - started, rss / 1024


def write_file(kind, count, folder, env, tag="bench"):
    script = (
        "import sys, django; django.setup();"
        "from tests.test_import import generated_rows, write_xlsx;"
        "from exchange.importers import IMPORTERS;"
        f"imp = IMPORTERS['{kind}'];"
        f"write_xlsx(sys.argv[1], imp.headers(), generated_rows(imp, {count}, tag='{tag}'))"
    )
    path = Path(folder) / f"{kind}-{count}-{tag}.xlsx"
    subprocess.run([PYTHON, "-c", script, str(path)], cwd=ROOT, env=env, check=True)  # noqa: S603
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--studios", type=int, default=2_000)
    parser.add_argument("--projects", type=int, default=10_000)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-import-")
    env = {  # production settings (no debug query log), tasks run in the importing process
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.production",
        "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        "MEDIA_ROOT": f"{folder}/media",
        "PRIVATE_MEDIA_ROOT": f"{folder}/private",
        "STATIC_ROOT": f"{folder}/static",
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TASKS_BACKEND": "immediate",
        "PYTHONPATH": str(ROOT),
    }
    run(["migrate", "--noinput", "-v0"], env)
    run(["load_demo_data", "-v0"], env)
    results = []
    for kind, count in (("people", options.people), ("studios", options.studios), ("projects", options.projects)):
        if not count:
            continue
        # A file a fifth as long first: the peak memory of the two shows whether it grows with the file.
        _, fifth_rss = run(["import_data", str(write_file(kind, count // 5, folder, env, tag="fifth"))], env)
        path = write_file(kind, count, folder, env)
        first, first_rss = run(["import_data", str(path)], env)
        again, again_rss = run(["import_data", str(path)], env)
        results.append(
            {
                "type": kind,
                "rows": count,
                "import_s": round(first, 1),
                "rows_per_s": round(count / first, 1),
                "peak_rss_mib": round(first_rss),
                "peak_rss_mib_fifth_as_long": round(fifth_rss),
                "reimport_unchanged_s": round(again, 1),
                "reimport_peak_rss_mib": round(again_rss),
            }
        )
        print(json.dumps(results[-1], ensure_ascii=False))
    summary = {
        "date": datetime.now().isoformat(timespec="minutes"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "command": " ".join(sys.argv),
        "results": results,
    }
    out = ROOT / "bench" / "results" / f"imports-{options.people}-{options.studios}-{options.projects}.json"
    out.write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    print(f"→ {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
