"""Settings from the environment, with safe defaults for the embedded demo."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from .domain.recommendations import ANSWER_DAYS

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def _demo_secret() -> str:
    """A random key kept under instance/, so a demo's sessions survive restarts."""
    INSTANCE.mkdir(mode=0o700, exist_ok=True)  # readable by the service's user only
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def from_environment() -> dict:
    """The configuration of a real run. Outside demo mode SECRET_KEY must be set."""
    demo = _flag("DASHBOARD_DEMO")
    secret = os.environ.get("SECRET_KEY") or (_demo_secret() if demo else None)
    redis = os.environ.get("REDIS_URL")  # shared limits and figures; None: this machine only
    if not secret:
        raise RuntimeError(
            "SECRET_KEY is not set. Set it to a long random value (for example "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`), "
            "or set DASHBOARD_DEMO=1 to run the demo with a generated key.")
    # Posters and screen links carry this address; never the request's Host header (anyone can
    # send any Host). The demo serves on this machine.
    public_base = os.environ.get("PUBLIC_BASE_URL") or (
        f"http://127.0.0.1:{os.environ.get('PORT', '8050')}" if demo else None)
    if not public_base:
        raise RuntimeError(
            "PUBLIC_BASE_URL is not set. Set it to the address citizens and screens use, for example "
            "https://giamsat.thachha.gov.vn (it is printed on QR posters and in screen links).")
    return {
        "SECRET_KEY": secret,
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE / 'dashboard.db'}"),
        "TIMEZONE": os.environ.get("TIMEZONE", "Asia/Ho_Chi_Minh"),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", not demo),
        "RATELIMIT_STORAGE_URI": redis or "memory://",
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1} if redis else {},
        "REDIS_URL": redis,
        "CACHE_DIR": os.environ.get("CACHE_DIR"),  # figures on disk when there is no Redis
        "PUBLIC_BASE_URL": public_base,
        "AUTO_MIGRATE": _flag("AUTO_MIGRATE", True),
        "RATING_RATE_LIMIT": os.environ.get("RATING_RATE_LIMIT", DEFAULTS["RATING_RATE_LIMIT"]),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", DEFAULTS["API_RATE_LIMIT"]),
        "RATINGS_PER_ADDRESS_HOUR": int(os.environ.get("RATINGS_PER_ADDRESS_HOUR",
                                                       DEFAULTS["RATINGS_PER_ADDRESS_HOUR"])),
        "RECOMMENDATION_DAYS": int(os.environ.get("RECOMMENDATION_DAYS", DEFAULTS["RECOMMENDATION_DAYS"])),
        "RECOMMENDATION_APPROVAL": _flag("RECOMMENDATION_APPROVAL", DEFAULTS["RECOMMENDATION_APPROVAL"]),
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),  # reverse proxies in front
        # Screens may be framed by this origin only (e.g. a province portal); default: no site.
        "FRAME_ANCESTORS": os.environ.get("FRAME_ANCESTORS") or "'none'",
        "SESSION_IDLE_MINUTES": int(os.environ.get("SESSION_IDLE_MINUTES", DEFAULTS["SESSION_IDLE_MINUTES"])),
        "SESSION_LIFETIME_HOURS": int(os.environ.get("SESSION_LIFETIME_HOURS",
                                                     DEFAULTS["SESSION_LIFETIME_HOURS"])),
        "DEMO": demo,
    }


DEFAULTS = {
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "PUBLIC_BASE_URL": "http://127.0.0.1:8050",  # a real run always sets its own (from_environment)
    "AUTO_MIGRATE": True,
    "DEMO": False,
    # Files (the assets) are compressed as a stream; flask-compress leaves gzip out of streams by
    # default, so a browser that accepts only gzip got bootstrap's 230 KB stylesheet raw.
    "COMPRESS_ALGORITHM_STREAMING": ["zstd", "br", "gzip", "deflate"],
    # No request body beyond this, chunked or not: the server never reads an endless body into
    # memory. Room above the import's 5 MB (7 MB as base64), so a leader who picks a far bigger
    # file still gets the import dialog's own message rather than a bare 413.
    "MAX_CONTENT_LENGTH": 64 * 1024 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    # A session ends after this long without a request, and this long after sign-in anyway.
    "SESSION_IDLE_MINUTES": 120,
    "SESSION_LIFETIME_HOURS": 12,
    "WTF_CSRF_TIME_LIMIT": None,  # tokens live as long as the session: dashboards stay open all day
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # A moving window: no double burst at the turn of a minute, and exact across workers.
    "RATELIMIT_STRATEGY": "moving-window",
    "RATELIMIT_SWALLOW_ERRORS": True,  # Redis down: serve without limits rather than fail
    "LOGIN_RATE_LIMIT": "20 per minute",  # per address: an office behind one signs in at 8 o'clock
    # per account and address; guesses also meet growing waits after LOGIN_FREE_FAILURES, so
    # this only caps a burst, and leaves room for an official signing in again and again
    "LOGIN_ACCOUNT_RATE_LIMIT": "30 per 15 minutes",
    "LOGIN_FREE_FAILURES": 5,  # then growing waits for the account, from any address
    # Citizens share a counter's Wi-Fi: one address may rate a point this often an hour before its
    # ratings are held for a leader's review, and may post this often before being refused.
    "RATINGS_PER_ADDRESS_HOUR": 20,
    "RATING_RATE_LIMIT": "200 per hour",
    "API_RATE_LIMIT": "300 per minute",  # per API token, every operation together
    "API_REFUSED_TOKEN_LIMIT": "20 per minute",  # per address: calls refused for a missing or unknown token
    "TOKEN_FORM_LIMIT": "10 per 15 minutes",  # per person: making a token asks for their password
    # Citizens' recommendations: answered within this many working days; a unit's answer is
    # published once a leader approves it (0: the unit publishes its own answers).
    "RECOMMENDATION_DAYS": ANSWER_DAYS,
    "RECOMMENDATION_APPROVAL": True,
    "LANGUAGES": ("vi", "en"),
    "BABEL_DEFAULT_LOCALE": "vi",
    "DAILY_CUTOFF": "17:00",
    "SEVERITY_RED_OVERDUE_COUNT": 3,
    "SEVERITY_RED_DAYS_OVERDUE": 7,
    "MIN_SAMPLE": 30,
}
