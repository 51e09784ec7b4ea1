"""Where a public page's time goes, beside the bare Wagtail page's, in one process.

    .venv/bin/python bench/page_time.py [--projects 300] [--requests 200] [--rounds 3]

bench/pages.py measures how fast each page is served; this says why. The same pages of the same bench
database (bench/serving.py), production settings and page cache off, are requested through Django's WSGI
handler and its whole middleware stack, interleaved round by round, and each request's time is split by
what the code was doing, each moment counted once (the innermost of):

- database: Django's ORM building, running and reading a query (compiling it, SQLite's work, the
  model instances, prefetching), of which "SQL" is the time spent in the database driver itself;
- pictures: the `{% image %}` tags (a rendition's lookup, its <img> markup), their queries excluded;
- templates: rendering the response's templates, the two above excluded;
- the rest: middleware, URL routing, the view and its forms outside the templates.

Each round requests each page --requests times without the clock (its total) and as often with it (the
split: the clock's own cost is spread in proportion, the parts scaled to the total). Prints, per page, the
median over rounds of each part per request, the number of queries and of cards, and the total's ratio to
the bare page's; writes bench/results/page-time-<N>.json. In-process (no server, no network): the totals
are less than what bench/pages.py measures.
"""

import argparse
import io
import json
import os
import statistics
import sys
import time
from contextlib import contextmanager

from serving import BENCH, ROOT, bench_env, prepare, progress, provenance, start_shared_cache, stop

PARTS = ("database", "pictures", "templates", "the rest")


class Clock:
    """Exclusive time per part: entering a part pauses the one it interrupts."""

    def __init__(self):
        self.spent = dict.fromkeys(PARTS, 0.0)
        self.stack = ["the rest"]
        self.since = time.perf_counter()

    @contextmanager
    def part(self, name):
        now = time.perf_counter()
        self.spent[self.stack[-1]] += now - self.since
        self.stack.append(name)
        self.since = now
        try:
            yield
        finally:
            now = time.perf_counter()
            self.spent[self.stack.pop()] += now - self.since
            self.since = now

    def close(self):
        self.spent[self.stack[-1]] += time.perf_counter() - self.since


CLOCK = None


def timed(part, function):
    def wrapper(*args, **kwargs):
        if CLOCK is None:
            return function(*args, **kwargs)
        with CLOCK.part(part):
            return function(*args, **kwargs)

    return wrapper


def instrument():
    """Wrap the functions each part starts in; returns a function that counts the driver's own time."""
    from django.db.models import query
    from django.db.models.sql import compiler
    from django.template.backends import django as django_templates

    from wagtail.images.templatetags import wagtailimages_tags

    query.QuerySet._fetch_all = timed("database", query.QuerySet._fetch_all)
    query.prefetch_related_objects = timed("database", query.prefetch_related_objects)
    compiler.SQLCompiler.execute_sql = timed("database", compiler.SQLCompiler.execute_sql)
    wagtailimages_tags.ImageNode.render = timed("pictures", wagtailimages_tags.ImageNode.render)
    django_templates.Template.render = timed("templates", django_templates.Template.render)

    driver = {"seconds": 0.0, "queries": 0}

    def in_the_driver(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            driver["seconds"] += time.perf_counter() - started
            driver["queries"] += 1

    return driver, in_the_driver


def wsgi_get(application, path):
    path, _, query_string = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query_string,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    statuses = []
    body = b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    if not statuses[0].startswith("200"):
        raise SystemExit(f"{path}：{statuses[0]}")
    return body


def measure(pages, requests, rounds):
    global CLOCK
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    application = get_wsgi_application()
    driver, in_the_driver = instrument()
    samples = {name: [] for name in pages}
    cards = {}
    total, done, started = len(pages) * rounds, 0, time.monotonic()
    for _ in range(rounds):  # rounds outermost: every page sees the same stretch of machine noise
        for name, path in pages.items():
            for _ in range(5):  # warm: renditions, kept counts and options, the connection
                body = wsgi_get(application, path)
            cards[name] = body.count(b'<article class="card')
            began = time.perf_counter()
            for _ in range(requests):  # the total, without the clock's own cost
                wsgi_get(application, path)
            elapsed = time.perf_counter() - began
            clock, driver["seconds"], driver["queries"] = Clock(), 0.0, 0
            CLOCK = clock
            try:
                with connection.execute_wrapper(in_the_driver):
                    for _ in range(requests):
                        wsgi_get(application, path)
            finally:
                CLOCK = None
            clock.close()
            clocked = sum(clock.spent.values())
            # The parts in proportion to the clocked run's, scaled to the total measured without the clock.
            scale = elapsed / clocked / requests * 1000
            sample = {part: clock.spent[part] * scale for part in PARTS}
            sample.update(total=elapsed / requests * 1000, SQL=driver["seconds"] * scale)
            sample["queries"] = driver["queries"] / requests
            samples[name].append(sample)
            done += 1
            progress(done, total, started)
    floor = statistics.median(s["total"] for s in samples["bare Wagtail page"])
    result = {}
    for name, rows in samples.items():
        summary = {key: round(statistics.median(row[key] for row in rows), 2) for key in rows[0]}
        summary["total_min"] = round(min(row["total"] for row in rows), 2)
        summary["x_bare"] = round(summary["total"] / floor, 2)
        summary["cards"] = cards[name]
        result[name] = summary
    return result


def print_table(result):
    print(
        f"\n{result['projects']} projects, ms per request (median of {result['rounds']} rounds × "
        f"{result['requests']} requests), in-process"
    )
    columns = ["total", "× bare", "database", "of it SQL", "queries", "pictures", "templates", "the rest", "cards"]
    print("| page | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, s in result["pages"].items():
        parts = [f"{s[part]:.2f}" for part in ("database", "SQL")]
        parts += [f"{s['queries']:.0f}", *(f"{s[part]:.2f}" for part in ("pictures", "templates", "the rest"))]
        print(f"| {name} | {s['total']:.2f} | ×{s['x_bare']} | " + " | ".join(parts) + f" | {s['cards']} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--requests", type=int, default=200, help="requests per page and round")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    env = bench_env(options.projects, port=0)
    urls = prepare(options.projects, env)
    projects = urls.pop("projects")
    redis = start_shared_cache(env)
    try:
        os.environ.update({**env, "PAGE_CACHE_SECONDS": "0"})
        sys.path[:0] = [str(ROOT), str(BENCH)]
        import django

        django.setup()
        import logging

        logging.disable(logging.INFO)  # the one-line request log would time the terminal
        pages = measure(urls, options.requests, options.rounds)
    finally:
        stop(redis)
    result = {
        "benchmark": "page time",
        "projects": projects,
        "cache": "redis" if redis else "database",
        "requests": options.requests,
        "rounds": options.rounds,
        "pages": pages,
        "urls": urls,
        **provenance("page_time.py"),
    }
    out = BENCH / "results" / f"page-time-{projects}.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    print_table(result)
    print(f"结果：{out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
