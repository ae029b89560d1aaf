"""Entry point: ``python app.py`` serves on http://127.0.0.1:8050; ``gunicorn app:server`` in production."""
import gc
import logging
import os

from dashboard.web import create_app
from dashboard.web.request_log import configure_logging

configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the app logs each request itself
server = create_app()
gc.freeze()  # start-up objects never need collecting again: shorter GC pauses under load

if __name__ == "__main__":
    from werkzeug.serving import WSGIRequestHandler
    WSGIRequestHandler.server_version, WSGIRequestHandler.sys_version = "dashboard", ""  # no banner
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8050"))
    print(f"Task Supervision Dashboard: http://{host}:{port}", flush=True)
    server.run(host=host, port=port, debug=False, threaded=True)
