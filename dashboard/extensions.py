"""Flask extensions, created unbound and bound to an app in ``create_app``."""
from flask import current_app
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from db.engine import Database

babel = Babel()
compress = Compress()  # callback answers, display patches and plotly.js travel compressed
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
login_manager = LoginManager()


def database() -> Database:
    """The current app's database."""
    return current_app.extensions["database"]
