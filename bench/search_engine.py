"""The database engine's search time in-process, without HTTP: bench/search_load.py's 50 queries, warm.

    DATABASE_URL=postgres://…/db .venv/bin/python bench/search_engine.py [--rounds 2] [--slowest 10]

Each query once to warm the caches, then `--rounds` times each; p50/p95/max of DatabaseEngine.search,
with the index (search/fulltext.py) and, for comparison, without it (`--without-index`: the index's
conditions left out, which on PostgreSQL still leaves the engine's own LIKEs to the trigram indexes).
Writes bench/results/search-engine-<vendor>-<entries>.json.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.dev")


def timings(engine, params_for, queries, rounds):
    for q in queries:
        engine.search(params_for(q))
    samples, by_query = [], {}
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            results = engine.search(params_for(q))
            elapsed = (time.perf_counter() - started) * 1000
            samples.append(elapsed)
            by_query[q] = (max(elapsed, by_query.get(q, (0,))[0]), results.count)
    samples.sort()
    summary = {
        "queries": len(samples),
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
        "max_ms": round(samples[-1], 1),
    }
    return summary, by_query


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--slowest", type=int, default=10)
    parser.add_argument("--without-index", action="store_true")
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from bench.search_load import QUERIES
    from search import fulltext
    from search.engines import DatabaseEngine
    from search.models import SearchEntry
    from search.params import SearchParams

    engine, entries = DatabaseEngine(), SearchEntry.objects.count()
    print(f"{connection.vendor}, {entries} entries, index: {fulltext.available()}")
    result = {
        "date": datetime.now().isoformat(timespec="minutes"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "command": " ".join(["bench/search_engine.py", *sys.argv[1:]]),
        "vendor": connection.vendor,
        "entries": entries,
    }
    summary, by_query = timings(engine, lambda q: SearchParams(q=q), QUERIES, options.rounds)
    result["with_index"] = summary
    print("with the index:", summary)
    for q, (ms, count) in sorted(by_query.items(), key=lambda item: -item[1][0])[: options.slowest]:
        print(f"  {ms:7.0f} ms  {count:7d} results  {q}")
    if options.without_index:
        fulltext.available = lambda: False
        result["without_index"], _ = timings(engine, lambda q: SearchParams(q=q), QUERIES, 1)
        print("without:", result["without_index"])
    out = ROOT / "bench" / "results" / f"search-engine-{connection.vendor}-{entries}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(f"→ {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
