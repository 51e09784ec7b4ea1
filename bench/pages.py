"""Public pages against a bare Wagtail page, side by side in one run, served the way production serves them.

    .venv/bin/python bench/pages.py [--projects 300] [--seconds 5] [--rounds 3] [--concurrency 1,8,32]
                                    [--elasticsearch-url http://127.0.0.1:9200] [--quick]

gunicorn (gunicorn.conf.py, 2 workers, production settings, whitenoise's static files) serves a database made
by `load_demo_data --projects N` (kept under var/bench/ and reused). The floor is a plain Wagtail `Page` with a
one-line template (bench/templates/), served by the same server, settings and middleware; every page is
measured in the same rounds, interleaved with it, so a noisy machine moves both. Two modes: the page cache
off (PAGE_CACHE_SECONDS=0: every request renders) and on (warmed: what a visitor without a session gets).
The load comes from wrk (Debian's `wrk` package), 1 thread, for --seconds per page, concurrency and round.
The shared cache is a Redis server started here when Debian's `redis-server` is installed (as compose runs
one), the database cache table otherwise; the result says which.

Writes bench/results/pages-<engine>-<N>.json: per mode, page and concurrency the requests/s and p50/p99 of
every round, their min and median, and the median's ratio to the bare page's (time per request, so > 1 is
slower than the floor). --quick: one round of 2 s at concurrency 1 and 8 (`make bench-quick`).
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import time
import urllib.request

from serving import (
    BENCH,
    ROOT,
    bench_env,
    prepare,
    progress,
    provenance,
    start_server,
    start_shared_cache,
    stop,
    worker_rss_mib,
)

PORT = 8766


def wrk(url, concurrency, seconds):
    out = subprocess.run(  # noqa: S603
        ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--latency", "--timeout", "10s", url],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out or "requests in" not in out or " 0 requests in" in out:
        raise SystemExit(f"{url}：请求失败或超时\n{out}")

    def ms(label):
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50_ms": ms("50"), "p99_ms": ms("99")}


def summarise(samples):
    rps = [s["rps"] for s in samples]
    return {
        "rounds": samples,
        "rps_min": min(rps),
        "rps_median": statistics.median(rps),
        "p50_ms_median": round(statistics.median(s["p50_ms"] for s in samples), 1),
        "p99_ms_median": round(statistics.median(s["p99_ms"] for s in samples), 1),
    }


def measure(pages, concurrencies, rounds, seconds, base):
    samples = {(name, c): [] for name in pages for c in concurrencies}
    total, done, started = len(samples) * rounds, 0, time.monotonic()
    for _ in range(rounds):  # rounds outermost: every page sees the same stretch of machine noise
        for name, path in pages.items():
            for concurrency in concurrencies:
                for _ in range(4):  # warm both workers: caches, connections, renditions
                    urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310 - loopback
                samples[name, concurrency].append(wrk(base + path, concurrency, seconds))
                done += 1
                progress(done, total, started)
    result = {}
    for concurrency in concurrencies:
        floor = summarise(samples["bare Wagtail page", concurrency])
        for name in pages:
            summary = summarise(samples[name, concurrency])
            summary["x_bare"] = round(floor["rps_median"] / summary["rps_median"], 2)
            result.setdefault(name, {})[f"c{concurrency}"] = summary
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", default="1,8,32")
    parser.add_argument("--elasticsearch-url", default="")
    parser.add_argument("--quick", action="store_true", help="one round of 2 s at concurrency 1 and 8")
    options = parser.parse_args()
    if options.quick:
        options.seconds, options.rounds, options.concurrency = 2, 1, "1,8"
    if not shutil.which("wrk"):
        raise SystemExit("需要 wrk 负载工具：apt-get install wrk")
    concurrencies = [int(c) for c in options.concurrency.split(",")]

    engine = "elasticsearch" if options.elasticsearch_url else "database"
    env = bench_env(options.projects, PORT, options.elasticsearch_url)
    urls = prepare(options.projects, env)
    projects = urls.pop("projects")
    redis = start_shared_cache(env)
    result = {"benchmark": "pages", "engine": engine, "projects": projects, "cache": "redis" if redis else "database"}
    result["modes"] = {}
    try:
        for mode, seconds_cached in (("page cache off", "0"), ("page cache on", "600")):
            plan = f"{len(urls)} 个页面 × 并发 {options.concurrency} × {options.rounds} 轮 × {options.seconds} 秒"
            print(f"{mode}：{plan}")
            server = start_server({**env, "PAGE_CACHE_SECONDS": seconds_cached})
            try:
                result["modes"][mode] = measure(
                    urls, concurrencies, options.rounds, options.seconds, f"http://127.0.0.1:{PORT}"
                )
                result.setdefault("worker_rss_mib", {})[mode] = worker_rss_mib(server)
            finally:
                stop(server)
    finally:
        stop(redis)
    result["urls"] = urls
    result.update(provenance("pages.py"))
    out = BENCH / "results" / f"pages-{engine}-{projects}{'-quick' if options.quick else ''}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print_table(result)
    print(f"结果：{out.relative_to(ROOT)}")


def print_table(result):
    for mode, pages in result["modes"].items():
        print(f"\n{mode}, {result['projects']} projects — req/s median (min), p50 / p99 ms, × bare Wagtail page")
        for name, by_concurrency in pages.items():
            cells = [
                f"c={c[1:]}: {s['rps_median']:.0f} ({s['rps_min']:.0f}) "
                f"{s['p50_ms_median']}/{s['p99_ms_median']} ×{s['x_bare']}"
                for c, s in by_concurrency.items()
            ]
            print(f"  {name:30} " + " | ".join(cells))
        print(f"  {'gunicorn workers, RSS MiB':30} {result['worker_rss_mib'][mode]}")


if __name__ == "__main__":
    main()
