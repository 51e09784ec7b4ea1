"""Search benchmarks on an existing database (load it first with load_demo_data --projects N).

    .venv/bin/python bench/search.py --database-url sqlite:////path/db.sqlite3 [--elasticsearch-url http://127.0.0.1:9200]

1. `search_index rebuild` throughput (documents/s) for the engine in use.
2. GET /api/search/ latency, p50/p95, at concurrency 1 and 8 over 50 fixed queries, and
   GET /api/search/suggest/ at concurrency 1 — against `runserver --noreload` on 127.0.0.1
   (a development server: a production WSGI server would do better, never worse).
Writes bench/results/search-<engine>-<projects>.json.
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = 8765
QUERIES = [
    "空压机", "空气压缩机", "压缩机", "工作室", "小发明", "小革新", "煤矿安全", "瓦斯", "瓦斯抽采泵", "液压支架",
    "采煤机", "刮板输送机", "掘进机", "主通风机", "带式输送机", "变压器", "断路器", "继电保护", "带电作业", "汽轮机",
    "高炉", "转炉", "连铸机", "轧机", "除尘器", "反应釜", "离心泵", "换热器", "接触网", "道岔",
    "信号设备", "盾构机", "塔吊", "数控机床", "焊接机器人", "减速机", "基站", "光缆", "蓄电池组", "王建国",
    "李红梅", "首席技师", "劳模", "监测装置", "快速拆装", "润滑系统", "防护罩", "巡检流程",
    "空压机 故障", "轴承座 改进",
]  # fmt: skip
SUGGEST_PREFIXES = ["王", "王建", "空压", "采煤", "煤矿", "液压", "太原", "数控", "焊接", "光缆"]


def manage(*args, env, capture=False):
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=capture, text=True
    )


def timed_get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def percentiles(samples):
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
        "requests": len(ordered),
    }


def run_load(urls, concurrency, rounds):
    work = urls * rounds
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        return percentiles(list(pool.map(timed_get, work)))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--elasticsearch-url", default="")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is sent per measurement")
    parser.add_argument("--skip-rebuild", action="store_true")
    options = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "ELASTICSEARCH_URL": options.elasticsearch_url,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.dev",
    }
    engine = "elasticsearch" if options.elasticsearch_url else "database"
    result = {"benchmark": "search", "engine": engine}

    manage("migrate", "--noinput", "-v0", env=env)
    if not options.skip_rebuild:
        out = manage("search_index", "rebuild", env=env, capture=True).stdout
        documents, seconds = re.search(r"(\d+) documents in ([\d.]+)s", out).groups()
        result["rebuild"] = {
            "documents": int(documents),
            "seconds": float(seconds),
            "documents_per_second": round(int(documents) / float(seconds)),
        }
    count_projects = "from projects.models import ProjectPage; print(ProjectPage.objects.count())"
    projects = int(manage("shell", "-c", count_projects, env=env, capture=True).stdout.strip().splitlines()[-1])
    result["projects"] = projects

    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                timed_get(f"{base}/api/search/suggest/?q=")
                break
            except OSError:
                time.sleep(0.3)
        search_urls = [f"{base}/api/search/?q={urllib.parse.quote(q)}" for q in QUERIES]
        suggest_urls = [f"{base}/api/search/suggest/?q={urllib.parse.quote(q)}" for q in SUGGEST_PREFIXES]
        run_load(search_urls, 2, 1)  # warm up: caches, jieba, connections
        result["search_concurrency_1"] = run_load(search_urls, 1, options.rounds)
        result["search_concurrency_8"] = run_load(search_urls, 8, options.rounds)
        result["suggest_concurrency_1"] = run_load(suggest_urls, 1, options.rounds * 5)
    finally:
        server.terminate()
        server.wait(timeout=30)

    result["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    result["date"] = datetime.now().isoformat(timespec="seconds")
    out = ROOT / "bench" / "results" / f"search-{engine}-{projects}.json"
    if "rebuild" not in result and out.exists():  # --skip-rebuild keeps the last measured rebuild
        previous = json.loads(out.read_text())
        if "rebuild" in previous:
            result["rebuild"] = {**previous["rebuild"], "measured": previous.get("date")}
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
