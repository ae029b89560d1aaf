"""gunicorn's settings for production: `gunicorn app:server` reads this file from the working
directory. Every value can be overridden by the environment variables named below."""
import multiprocessing
import os

import gunicorn.http.wsgi

# gunicorn has no setting for its "Server: gunicorn" header; every answer would name the server
# software to whoever probes it. Its responses read this module value when they start.
gunicorn.http.wsgi.SERVER = "-"

bind = os.environ.get("BIND", "127.0.0.1:8050")  # behind the reverse proxy on the same machine
# Rate limits (sign-in, citizens' ratings) are counted in Redis when REDIS_URL is set, else in
# the worker's memory. Several workers counting alone would each allow the whole limit, so
# without Redis there is one worker process, serving requests on threads, and asking for more
# is refused at start.
shared_limits = bool(os.environ.get("REDIS_URL"))
workers = int(os.environ.get("WEB_CONCURRENCY",
                             min(2 * multiprocessing.cpu_count() + 1, 8) if shared_limits else 1))
if workers > 1 and not shared_limits:
    raise SystemExit(
        f"WEB_CONCURRENCY={workers} needs REDIS_URL: without a store that every worker shares, "
        "each would count the sign-in and rating limits alone. Set REDIS_URL, or run one worker "
        "(the default without Redis).")
# Several workers: sync ones (with keep-alive, threaded workers piled connections onto one
# process in our measurements, sync ones balanced evenly). One worker: threads.
worker_class = "sync" if workers > 1 else "gthread"
threads = 1 if workers > 1 else int(os.environ.get("THREADS", "8"))
timeout = int(os.environ.get("WORKER_TIMEOUT", "30"))  # above SQLite's 15 s wait for its lock
graceful_timeout = 30  # on SIGTERM, requests under way get this long to finish
keepalive = 5  # the proxy reuses its upstream connections
max_requests = 10_000  # recycle workers now and then, at staggered moments
max_requests_jitter = 1_000
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat files off disk
# Load the app once in the master: migrations run once, workers share its frozen pages.
preload_app = True
accesslog = None  # the app logs every request itself, with its id and without secrets
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


def post_fork(server, worker):
    """Connections opened by the master (migrations) must not be shared by the workers."""
    from app import server as flask_app
    flask_app.extensions["database"].engine.dispose(close=False)


def worker_exit(server, worker):
    """Close the pool on the way out, so PostgreSQL is not left with idle connections."""
    from app import server as flask_app
    flask_app.extensions["database"].engine.dispose()
