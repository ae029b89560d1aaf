"""gunicorn's settings for production: `gunicorn app:server` reads this file from the working
directory. Every value can be overridden by the environment variables named below."""
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8050")  # behind the reverse proxy on the same machine
# Sync workers: each request has a process to itself; with keep-alive, threaded workers piled
# connections onto one process in our measurements, sync ones balanced evenly.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
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
