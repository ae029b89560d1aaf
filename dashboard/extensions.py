"""Flask extensions, created unbound and bound to an app in ``create_app``."""
import math
from datetime import timedelta

from flask import current_app
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from db.engine import Database

from . import clock

babel = Babel()
compress = Compress()  # callback answers, display patches and plotly.js travel compressed
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()


def database() -> Database:
    """The current app's database."""
    return current_app.extensions["database"]


def limit_wait() -> timedelta:
    """How long the limit that refused this request still holds: the page says what the
    Retry-After header says (the limiter counts in the machine's time)."""
    limit = limiter.current_limit  # its reset moment is rounded up to the next whole second
    seconds = math.floor(limit.reset_at - clock.machine_seconds()) if limit else 60
    return timedelta(seconds=max(1, seconds))
