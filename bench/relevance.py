"""Relevance of search on the two judged corpora: nDCG@10 / recall@10 / MRR per query kind.

    make relevance            (or: .venv/bin/python bench/relevance.py [--no-elasticsearch] [--show QUERY])

Builds a throwaway SQLite database with each corpus in tests/relevance, then measures:
the database engine, the Elasticsearch engine (on the local test node, started if needed),
Wagtail's search API with this project's Chinese-aware backend, and two baselines — stock Wagtail
search (its default database backend, untouched) and plain character-bigram matching (BM25).
Prints a Markdown table (the one in BENCHMARKS.md) and writes bench/results/relevance.json.
"""

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-elasticsearch", action="store_true", help="skip the Elasticsearch engine")
    parser.add_argument("--corpus", action="append", default=[], help="only this corpus (tuned, industries)")
    parser.add_argument("--show", action="append", default=[], help="print each system's top 10 for a query")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="alliance-relevance-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "alliance.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'relevance.sqlite3'}"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from search import elastic, local_node
    from tests.conftest import ES_TEST_HOME, ES_TEST_PORT, es_config
    from tests.relevance.evaluate import (
        CORPORA,
        BigramSearch,
        WagtailSearch,
        evaluate,
        index_only,
        load,
        search_service,
        table,
    )

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", projects=0, studios=1, people=30, verbosity=0)  # the site's page tree
    all_results = {}
    for corpus_name, (label, _module, queries) in CORPORA.items():
        if args.corpus and corpus_name not in args.corpus:
            continue
        keys = load(corpus_name)
        refs_by_key = {key: ref for ref, key in keys.items()}
        results, rankings = {}, {}

        def measure(name, run, keys=keys, queries=queries, results=results, rankings=rankings, refs=refs_by_key):
            results[name] = evaluate(run, keys, queries)
            rankings[name] = {q: [refs.get(k, k) for k in run(q)[:10]] for q in args.show}
            print(f"{name}: nDCG@10 {results[name]['overall']['ndcg']:.3f}", file=sys.stderr)

        settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
        index_only(keys.values())
        measure("本项目 · 数据库引擎", search_service)
        if not args.no_elasticsearch:
            url = f"http://127.0.0.1:{ES_TEST_PORT}"
            started_here = local_node.health(url) is None
            local_node.start(ES_TEST_PORT, ES_TEST_HOME)
            settings.ELASTICSEARCH = es_config("relevance", url)
            try:
                index_only(keys.values())
                measure("本项目 · Elasticsearch 引擎", search_service)
            finally:
                elastic.delete_all_indexes()
                if started_here:
                    local_node.stop(ES_TEST_HOME)
            settings.ELASTICSEARCH = {**settings.ELASTICSEARCH, "URL": ""}
        measure("Wagtail 搜索 API · 本项目中文后端", WagtailSearch(keys.values(), stock=False))
        measure("基线 · Wagtail 自带搜索", WagtailSearch(keys.values(), stock=True))
        measure("基线 · 字二元组 (bigram BM25)", BigramSearch(keys.values()))

        print(f"\n### {label}\n")
        print(table(results, queries))
        for q in args.show:
            print(f"\n{q}")
            for name, ranked in rankings.items():
                print(f"  {name}: {' '.join(ranked[q])}")
        all_results[corpus_name] = results
    out = ROOT / "bench" / "results" / "relevance.json"
    out.write_text(
        json.dumps(
            {
                "date": datetime.now().isoformat(timespec="seconds"),
                "machine": f"{platform.node()} · {platform.platform()} · {os.cpu_count()} CPUs",
                "command": "make relevance",
                "results": all_results,
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
