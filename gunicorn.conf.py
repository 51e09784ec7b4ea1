"""gunicorn's settings: `gunicorn` started in the project root reads this file (the compose file does).

Each value can be changed from the environment; the defaults suit this 2-core machine.
"""

import os

wsgi_app = "alliance.wsgi:application"
bind = os.environ.get("BIND", "127.0.0.1:8000")  # the container sets 0.0.0.0:8000 behind its proxy
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# The longest request line gunicorn allows (its default is 4094): a query string up to the site's own bound
# (MAX_QUERY_STRING_BYTES) reaches Django, and one a little longer gets the site's 414 page, not gunicorn's 400.
limit_request_line = 8190
graceful_timeout = 20
keepalive = 5
# A worker is replaced after a few thousand requests, so no slow leak can grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The code is loaded once in the master and shared by the workers (copy on write).
preload_app = True
# Heartbeat files in memory, not on a container's overlay disk, where a slow write stalls a worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The proxy in front sets X-Forwarded-For/-Proto; only its address is believed.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

control_socket_disable = True  # gunicorn's control socket in $HOME: unused, and shared by every instance

accesslog = "-"
errorlog = "-"
logger_class = "alliance.gunicorn_logging.JsonAccessLogger"


def post_fork(server, worker):
    # Nothing at import time should have connected, but a connection inherited from the master
    # would be shared by every worker: close it so each worker opens its own.
    from django.db import connections

    connections.close_all()
