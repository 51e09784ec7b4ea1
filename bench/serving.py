"""What the served benchmarks share (bench/pages.py, bench/search_load.py): a demo database per size under
var/bench/, made once and reused, with a bare Wagtail page beside the project's own; gunicorn on production
settings (bench_settings.py); Debian's Redis as the shared cache; the workers' memory."""

import json
import os
import platform
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
REDIS_PORT = 6391
BARE_SLUG = "bench-bare-wagtail-page"

FIND_URLS = f"""
import json
from wagtail.models import Page
from home.models import HomePage
from projects.models import ProjectIndexPage, ProjectPage
from studios.models import PeopleIndexPage, StudioIndexPage, StudioPage
home = HomePage.objects.get()
bare = Page.objects.filter(slug="{BARE_SLUG}").first()
if bare is None:
    bare = home.add_child(instance=Page(title="bare", slug="{BARE_SLUG}"))
studio = max(StudioPage.objects.live(), key=lambda s: ProjectPage.objects.live().child_of(s).count())
project = ProjectPage.objects.live().filter(seeking_collaborators=True).order_by("pk").first()
print(json.dumps({{
    "bare Wagtail page": bare.url,
    "home": home.url,
    "studio directory": StudioIndexPage.objects.get().url,
    "studio page (largest studio)": studio.url,
    "project page": project.url,
    "project library": ProjectIndexPage.objects.get().url,
    "people directory": PeopleIndexPage.objects.get().url,
    "search page": "/search/?q=%E6%B6%B2%E5%8E%8B%E6%94%AF%E6%9E%B6",
    "search API": "/api/search/?q=%E6%B6%B2%E5%8E%8B%E6%94%AF%E6%9E%B6",
    "projects": ProjectPage.objects.live().count(),
}}))
"""


def bench_env(projects, port, elasticsearch_url=""):
    """The environment of every command and server of a run: production settings on the size's database."""
    bench_dir = ROOT / "var" / "bench" / f"pages-{projects}"
    bench_dir.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{BENCH}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "BENCH_DIR": str(bench_dir),
        "DATABASE_URL": f"sqlite:///{bench_dir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(bench_dir / "media"),
        "STATIC_ROOT": str(bench_dir / "static"),
        "ELASTICSEARCH_URL": elasticsearch_url,
        "ELASTICSEARCH_INDEX_PREFIX": "bench",
        "SECRET_KEY": "bench-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "TASKS_BACKEND": "immediate",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }


def manage(*args, env, show=False):
    """The command's output; with show, printed as it goes instead (its own progress on a terminal)."""
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=not show, text=True).stdout  # noqa: S603


def prepare(projects, env):
    """The bench database, made once per size (migrated, demo data, static files collected): the URLs
    of one page of each kind, the bare Wagtail page's among them."""
    print(f"准备 {projects} 个项目的基准数据库（首次需要几分钟）…", flush=True)
    manage("migrate", "--noinput", "-v0", env=env)
    marker = Path(env["BENCH_DIR"]) / "loaded"
    if not marker.exists():
        manage("load_demo_data", "--projects", str(projects), env=env, show=True)
        marker.touch()
    manage("collectstatic", "--noinput", "-v0", env=env)
    return json.loads(manage("shell", "--no-imports", "-c", FIND_URLS, env=env).strip().splitlines()[-1])


def start_server(env):
    """gunicorn (gunicorn.conf.py) on env's BIND, once it answers /healthz."""
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    server = subprocess.Popen([gunicorn], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{env['BIND']}/healthz", timeout=2):  # noqa: S310 - loopback
                return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn 未在 60 秒内正常应答 /healthz")


def start_shared_cache(env):
    """A Redis server for the run's shared cache (REDIS_URL set in env), as compose runs one; None where
    Debian's redis-server is not installed: then the settings' database cache table."""
    if not shutil.which("redis-server"):
        return None
    command = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
    time.sleep(0.5)
    env["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
    return server


def stop(process):
    if process:
        process.terminate()
        process.wait(timeout=30)


def worker_rss_mib(server):
    """Resident memory of each of gunicorn's workers (the master's children), in MiB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    sizes = []
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status")
        line = next((line for line in status.read_text().splitlines() if line.startswith("VmRSS:")), None)
        if line:
            sizes.append(round(int(line.split()[1]) / 1024))
    return sorted(sizes)


def provenance(script):
    """Machine, date and command of a result."""
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": datetime.now().isoformat(timespec="seconds"),
        "command": " ".join([f"bench/{script}", *sys.argv[1:]]),
    }


def progress(done, total, started):
    """Counts and time left on a terminal; nothing in CI or a log."""
    if sys.stdout.isatty():
        left = (time.monotonic() - started) / done * (total - done)
        print(f"\r  {done}/{total}，约剩 {left:.0f} 秒   ", end="", flush=True)
        if done == total:
            print()
