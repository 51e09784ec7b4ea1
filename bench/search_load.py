"""Search on both engines, served the way production serves it, beside a bare Wagtail page.

    .venv/bin/python bench/search_load.py [--projects 100000] [--rounds 3] [--engines database,elasticsearch]
                                          [--elasticsearch-url http://…] [--quick]

The database bench/pages.py uses for that size (var/bench/pages-N/: `load_demo_data --projects N` once, then
reused). For each engine:
1. `manage.py search_index rebuild` from an emptied search table (a first build), `search_index rebuild
   --reanalyse` (every text segmented again, as after a vocabulary change; unchanged rows not written), then
   `search_index rebuild` (unchanged texts' analyses taken from the table), with their default workers:
   documents/s, and the peak memory of the rebuilding process and of its largest worker;
2. gunicorn (gunicorn.conf.py, 2 workers, production settings) answering, in each round, the 50 fixed
   QUERIES through the search API at concurrency 1 and 8 and through the search page at concurrency 1,
   the 10 suggestion prefixes, and the bare Wagtail page at concurrency 1 (the floor, in the same round);
   searches carry a query string, so the page cache never answers them. Each search is measured first
   asked (right after what a write does: the content version bumped; on Elasticsearch a project written
   again and the index refreshed, and the request cache emptied) and, at concurrency 1, asked again
   (answered from what the engines keep until a write);
3. the gunicorn workers' resident memory after the rounds.
Elasticsearch: a local node on 127.0.0.1:9270 (search.local_node, heap ES_HEAP, 1 GiB by default) started and
stopped here, unless --elasticsearch-url names a running one. Per measurement: each round's p50 and p95, and
their min and median over the rounds. --quick: 300 projects, one round, the database engine.
Writes bench/results/search-<N>.json and prints the table.
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import serving

PORT = 8767
ES_PORT = 9270
QUERIES = [
    "空压机", "空气压缩机", "压缩机", "工作室", "小发明", "小革新", "煤矿安全", "瓦斯", "瓦斯抽采泵", "液压支架",
    "采煤机", "刮板输送机", "掘进机", "主通风机", "带式输送机", "变压器", "断路器", "继电保护", "带电作业", "汽轮机",
    "高炉", "转炉", "连铸机", "轧机", "除尘器", "反应釜", "离心泵", "换热器", "接触网", "道岔",
    "信号设备", "盾构机", "塔吊", "数控机床", "焊接机器人", "减速机", "基站", "光缆", "蓄电池组", "王建国",
    "李红梅", "首席技师", "劳模", "监测装置", "快速拆装", "润滑系统", "防护罩", "巡检流程",
    "空压机 故障", "轴承座 改进",
]  # fmt: skip
SUGGEST_PREFIXES = ["王", "王建", "空压", "采煤", "煤矿", "液压", "太原", "数控", "焊接", "光缆"]

# Runs a manage.py command and reports its peak memory and that of its largest child (the rebuild's workers).
WITH_PEAK_MEMORY = """
import resource, sys
from django.core.management import execute_from_command_line
try:
    execute_from_command_line(["manage.py", *sys.argv[1:]])
finally:
    peak = lambda who: resource.getrusage(who).ru_maxrss // 1024
    print(f"peak RSS MiB: {peak(resource.RUSAGE_SELF)} {peak(resource.RUSAGE_CHILDREN)}")
"""


def rebuild(env, *options):
    command = [sys.executable, "-c", WITH_PEAK_MEMORY, "search_index", "rebuild", *options]
    out = subprocess.run(command, cwd=serving.ROOT, env=env, check=True, capture_output=True, text=True).stdout  # noqa: S603
    documents, seconds = re.search(r"(\d+) documents in ([\d.]+)s", out).groups()
    process, worker = re.search(r"peak RSS MiB: (\d+) (\d+)", out).groups()
    return {
        "documents": int(documents),
        "seconds": float(seconds),
        "documents_per_second": round(int(documents) / float(seconds)),
        "peak_rss_mib": int(process),
        "largest_worker_rss_mib": int(worker),
    }


def timed_get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - loopback only
        response.read()
    return (time.perf_counter() - started) * 1000


def latencies(urls, concurrency):
    """p50 / p95 ms of one pass over the URLs at this concurrency."""
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        samples = sorted(pool.map(timed_get, urls))
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1)}


def summarise(rounds):
    """Each round's p50 and p95, and their min and median over the rounds."""
    summary = {"rounds": rounds}
    for p in ("p50", "p95"):
        values = [r[f"{p}_ms"] for r in rounds]
        summary[f"{p}_ms_min"], summary[f"{p}_ms_median"] = min(values), round(statistics.median(values), 1)
    return summary


def measure(base, bare_path, rounds, forget):
    """Each search twice per round: first asked (just after `forget`, as after a write: nothing cached), then
    asked again (what the engines keep until the next write answers)."""

    def urls(path, values):
        return [f"{base}{path}{urllib.parse.quote(v)}" for v in values]

    plan = {  # name: (URLs, concurrency, whether everything cached is forgotten first)
        "search API, c=1, first asked": (urls("/api/search/?q=", QUERIES), 1, True),
        "search API, c=1, asked again": (urls("/api/search/?q=", QUERIES), 1, False),
        "search API, c=8, first asked": (urls("/api/search/?q=", QUERIES), 8, True),
        "search page, c=1, first asked": (urls("/search/?q=", QUERIES), 1, True),
        "search page, c=1, asked again": (urls("/search/?q=", QUERIES), 1, False),
        "suggest, c=1": (urls("/api/search/suggest/?q=", SUGGEST_PREFIXES) * 5, 1, False),
        "bare Wagtail page, c=1": ([base + bare_path] * 50, 1, False),
    }
    for url_list, _concurrency, _forget in plan.values():  # warm up: each URL twice (jieba, the JIT of a new node)
        latencies(sorted(set(url_list)) * 2, 2)
    samples = {name: [] for name in plan}
    total, started = rounds * len(plan), time.monotonic()
    for done in range(rounds):  # rounds outermost: every measurement sees the same stretch of machine noise
        for step, (name, (url_list, concurrency, first)) in enumerate(plan.items(), 1):
            if first:
                forget()
            samples[name].append(latencies(url_list, concurrency))
            serving.progress(done * len(plan) + step, total, started)
    result = {name: summarise(by_round) for name, by_round in samples.items()}
    floor = result["bare Wagtail page, c=1"]["p50_ms_median"]
    for summary in result.values():
        summary["x_bare_p50"] = round(summary["p50_ms_median"] / floor, 1)
    return result


def forgetting(env):
    """What a write does to what the engines keep: the content version bumped (the database engine's
    results, search.cache) and, on Elasticsearch, a project written again unchanged and the index refreshed
    (a new segment: the shard's request cache and the global ordinals its counts read are the new ones)."""

    def forget():
        serving.manage(
            "shell", "--no-imports", "-c", "from core.pagecache import content_changed; content_changed()", env=env
        )
        if env.get("ELASTICSEARCH_URL"):
            projects = f"{env['ELASTICSEARCH_URL']}/{env['ELASTICSEARCH_INDEX_PREFIX']}-projects"
            (hit,) = call(f"{projects}/_search?size=1")["hits"]["hits"]
            call(f"{projects}/_doc/{hit['_id']}", "PUT", hit["_source"])
            call(f"{projects}/_refresh", "POST")
            call(f"{env['ELASTICSEARCH_URL']}/_cache/clear?request=true", "POST")  # the other types' indexes

    return forget


def call(url, method="GET", body=None):
    """Elasticsearch's answer to one request (loopback only)."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        return json.load(response)


def engine_run(env, urls, rounds):
    # From an empty search table (a first build: every text segmented, every row written), every text segmented
    # again (as after a vocabulary change), then the content as it is (what was analysed and written is kept).
    print("  重建索引（搜索表为空）…", flush=True)
    serving.manage("shell", "-c", "from search.models import SearchEntry; SearchEntry.objects.all().delete()", env=env)
    result = {"rebuild_from_empty": rebuild(env)}
    print("  重建索引（全部重新分词）…", flush=True)
    result["rebuild_reanalysed"] = rebuild(env, "--reanalyse")
    print("  重建索引…", flush=True)
    result["rebuild"] = rebuild(env)
    server = serving.start_server(env)
    try:
        print(f"  检索：{len(QUERIES)} 个查询 × {rounds} 轮", flush=True)
        result["latency"] = measure(f"http://127.0.0.1:{PORT}", urls["bare Wagtail page"], rounds, forgetting(env))
        result["worker_rss_mib"] = serving.worker_rss_mib(server)
    finally:
        serving.stop(server)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--engines", default="database,elasticsearch")
    parser.add_argument("--elasticsearch-url", default="", help="a running node or cluster (default: start one)")
    parser.add_argument("--quick", action="store_true", help="300 projects, one round, the database engine")
    options = parser.parse_args()
    if options.quick:
        options.projects, options.rounds, options.engines = 300, 1, "database"
    engines = options.engines.split(",")

    # Searches carry a query string and always render: so does the floor here.
    env = {**serving.bench_env(options.projects, PORT), "PAGE_CACHE_SECONDS": "0"}
    urls = serving.prepare(options.projects, env)
    redis = serving.start_shared_cache(env)
    result = {"benchmark": "search", "projects": urls["projects"], "cache": "redis" if redis else "database"}
    node_home = serving.ROOT / "var" / "bench" / "elasticsearch"
    started_node = False
    try:
        for engine in engines:
            print(f"{engine}：", flush=True)
            engine_env = env
            if engine == "elasticsearch":
                sys.path.insert(0, str(serving.ROOT))
                from search import local_node  # noqa: PLC0415 - the project's, once it is on the path

                es_url = options.elasticsearch_url
                if not es_url:
                    es_url, started_node = local_node.start(ES_PORT, node_home), True
                engine_env = {**env, "ELASTICSEARCH_URL": es_url}
            result[engine] = engine_run(engine_env, urls, options.rounds)
    finally:
        if started_node:
            local_node.stop(node_home)
        serving.stop(redis)
    result.update(serving.provenance("search_load.py"))
    out = serving.BENCH / "results" / f"search-{urls['projects']}{'-quick' if options.quick else ''}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print_table(result, engines)
    print(f"结果：{out.relative_to(serving.ROOT)}")


def print_table(result, engines):
    print(f"\nsearch, {result['projects']} projects — p50 / p95 ms, median of the rounds (min p95), × bare page's p50")
    for engine in engines:
        run = result[engine]
        for name in ("rebuild_from_empty", "rebuild_reanalysed", "rebuild"):
            rebuilt = run[name]
            print(
                f"  {engine}: {name} {rebuilt['documents_per_second']} docs/s ({rebuilt['documents']} in"
                f" {rebuilt['seconds']} s, peak RSS {rebuilt['peak_rss_mib']} MiB, largest worker"
                f" {rebuilt['largest_worker_rss_mib']} MiB)"
            )
        print(f"  {engine}: gunicorn workers {run['worker_rss_mib']} MiB")
        for name, s in run["latency"].items():
            print(
                f"    {name:24} {s['p50_ms_median']:>7} / {s['p95_ms_median']:>7} ({s['p95_ms_min']})"
                f"  ×{s['x_bare_p50']}"
            )


if __name__ == "__main__":
    main()
