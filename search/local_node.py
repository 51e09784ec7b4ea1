"""Start, stop and check the local development Elasticsearch node (`make es`, `make es-stop`).

The node is built from Elastic's artifacts on Maven Central by es/pom.xml and runs detached,
with its pid and data under var/elasticsearch/. Elasticsearch refuses to run as root, so when
this is run as root the node runs as an unprivileged system user (created if missing).
Nothing in the search code depends on this module: it only talks to ELASTICSEARCH_URL.

    python -m search.local_node start [--port 9200] [--home var/elasticsearch]
    python -m search.local_node stop | status
"""

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ES_DIR = ROOT / "es"
TARGET = ES_DIR / "target"
DEFAULT_HOME = ROOT / "var" / "elasticsearch"
NODE_USER = "alliance-es"
HEAP = os.environ.get("ES_HEAP", "1g")
START_TIMEOUT = 180


class NodeError(RuntimeError):
    pass


def health(url, timeout=2.0):
    """The cluster health status ('green', 'yellow', 'red'), or None when nothing answers."""
    try:
        with urllib.request.urlopen(f"{url}/_cluster/health", timeout=timeout) as response:  # noqa: S310
            return json.load(response).get("status")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def build():
    """Compile the launcher and copy the node's classpath, unless already done for this pom."""
    stamp = TARGET / ".built"
    sources = [ES_DIR / "pom.xml", *ES_DIR.glob("src/**/*")]
    if stamp.exists() and all(p.stat().st_mtime <= stamp.stat().st_mtime for p in sources if p.is_file()):
        return
    if shutil.which("mvn") is None:
        raise NodeError("Maven (mvn) is needed to fetch Elasticsearch from Maven Central; install it first.")
    print("Building the local Elasticsearch node with Maven (first time: downloads from Maven Central)…")
    shutil.rmtree(TARGET, ignore_errors=True)
    subprocess.run(["mvn", "-B", "-q", "-f", str(ES_DIR / "pom.xml"), "package"], check=True)  # noqa: S603, S607
    stamp.touch()


def java_command(home, port, target=TARGET):
    java = shutil.which("java")
    if java is None:
        raise NodeError("Java 17 or newer is needed to run Elasticsearch.")
    return [
        java,
        "-Xms256m",
        f"-Xmx{HEAP}",
        "-XX:+UseG1GC",
        f"-Djava.io.tmpdir={home / 'tmp'}",
        "--module-path",
        str(target / "lib"),
        "--add-modules=ALL-MODULE-PATH",
        "-cp",
        str(target / "classes"),
        "cn.alliance.es.LocalElasticsearch",
        str(home),
        str(port),
        str(target / "modules"),
    ]


def node_user():
    """As root, the unprivileged user the node runs as (created if missing); otherwise None."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(NODE_USER)
    except KeyError:
        subprocess.run(  # noqa: S603
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NODE_USER],  # noqa: S607
            check=True,
        )
    return NODE_USER


def reachable_by(user, path):
    return subprocess.run(["runuser", "-u", user, "--", "test", "-r", str(path)], check=False).returncode == 0  # noqa: S603, S607


def staged_for(user, home):
    """The node's runtime and data where its user can read them. A checkout in a private folder (`mktemp -d`
    makes it 0700) is out of that user's reach: the runtime is then copied, and the data kept, in a folder
    of the user's own under the system's temporary folder, one per data folder asked for."""
    if reachable_by(user, TARGET / "lib") and reachable_by(user, home):
        return TARGET, home
    staged = Path(tempfile.gettempdir()) / f"alliance-es-{hashlib.sha256(str(home).encode()).hexdigest()[:12]}"
    for part in ("lib", "classes", "modules"):
        shutil.copytree(TARGET / part, staged / "target" / part, dirs_exist_ok=True)
    (staged / "home" / "tmp").mkdir(parents=True, exist_ok=True)
    subprocess.run(["chown", "-R", f"{user}:", str(staged)], check=True)  # noqa: S603, S607
    return staged / "target", staged / "home"


@contextlib.contextmanager
def one_at_a_time():
    """Held while the runtime is built and the node's user created: the test suite's parallel workers
    start their nodes together, and two Maven builds into one folder (or two useradds) would collide."""
    lock_file = ROOT / "var" / ".local-node.lock"
    lock_file.parent.mkdir(exist_ok=True)
    with open(lock_file, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def start(port=9200, home=DEFAULT_HOME):
    url = f"http://127.0.0.1:{port}"
    if health(url) in ("green", "yellow"):
        print(f"Elasticsearch is already running at {url}")
        return url
    with one_at_a_time():
        build()
        user = node_user()
    home = Path(home).resolve()
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    data = home
    if user:
        subprocess.run(["chown", "-R", f"{user}:", str(home)], check=True)  # noqa: S603, S607
        target, data = staged_for(user, home)
        command = ["runuser", "-u", user, "--", *java_command(data, port, target)]
    else:
        command = java_command(home, port)
    log = open(home / "node.log", "ab")  # noqa: SIM115 - handed to the detached process
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    (home / "node.pid").write_text(str(process.pid))
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise NodeError(f"Elasticsearch exited with code {process.returncode}; see {home / 'node.log'}")
        if health(url) in ("green", "yellow"):
            print(f"Elasticsearch is ready at {url} (pid {process.pid}, data in {data})")
            return url
        time.sleep(1)
    stop(home)
    raise NodeError(f"Elasticsearch did not become healthy within {START_TIMEOUT}s; see {home / 'node.log'}")


def exited(pid):
    """Whether the node's process group is gone. A node this process started (the tests' node) stays a
    zombie, which still counts as a member of the group, until it is reaped here."""
    with contextlib.suppress(ChildProcessError):  # started by another process (`make es`), which reaps it
        os.waitpid(pid, os.WNOHANG)
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def stop(home=DEFAULT_HOME):
    pid_file = Path(home) / "node.pid"
    if not pid_file.exists():
        print("No local Elasticsearch node is running.")
        return
    pid = int(pid_file.read_text())
    try:
        os.killpg(pid, signal.SIGTERM)
        for _ in range(60):
            if exited(pid):
                break
            time.sleep(0.5)
        else:
            os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    pid_file.unlink(missing_ok=True)
    print("Elasticsearch stopped.")


def main(argv=None):
    parser = argparse.ArgumentParser(description="The local development Elasticsearch node.")
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--home", default=str(DEFAULT_HOME))
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            start(args.port, args.home)
        elif args.action == "stop":
            stop(args.home)
        else:
            status = health(f"http://127.0.0.1:{args.port}")
            print(f"Elasticsearch at 127.0.0.1:{args.port}: {status or 'not running'}")
            return 0 if status else 1
    except (NodeError, subprocess.CalledProcessError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
