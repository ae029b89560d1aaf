"""Meeting-room displays: the slides there are, what a display's settings may be, its secret.

Pure: no Flask, no SQL. The database keeps only a secret's hash; the secret itself is shown once.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from .rules import Invalid

SLIDES = ("headline", "ranking", "overdue", "progress", "satisfaction")
LOCALES = ("vi", "en")
ROTATE_SECONDS = (5, 600)
REFRESH_SECONDS = (5, 3600)
NAME_MAX = 120
SECRET_BYTES = 32  # 256 bits, well above the 128 the link must resist


@dataclass(frozen=True, slots=True)
class DisplaySettings:
    name: str
    slides: tuple[str, ...] = SLIDES
    rotate_seconds: int = 20
    refresh_seconds: int = 30
    locale: str = "vi"
    expires_on: date | None = None


def _whole(value, bounds: tuple[int, int]) -> int | None:
    """A whole number within ``bounds``, else None."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    low, high = bounds
    return number if low <= number <= high else None


def check_settings(name, slides, rotate_seconds, refresh_seconds, locale,
                   expires_on: date | None = None, today: date | None = None) -> DisplaySettings:
    """Validated settings, or Invalid naming every field at fault."""
    errors: dict[str, str] = {}
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        errors["name"] = "required"
    elif len(name) > NAME_MAX:
        errors["name"] = "too_long"
    chosen = tuple(slide for slide in SLIDES if slide in (slides or ()))
    if not chosen or any(slide not in SLIDES for slide in slides or ()):
        errors["slides"] = "required" if not slides else "invalid"
    rotate = _whole(rotate_seconds, ROTATE_SECONDS)
    if rotate is None:
        errors["rotate_seconds"] = "seconds_out_of_range"
    refresh = _whole(refresh_seconds, REFRESH_SECONDS)
    if refresh is None:
        errors["refresh_seconds"] = "seconds_out_of_range"
    if locale not in LOCALES:
        errors["locale"] = "invalid"
    if expires_on is not None and today is not None and expires_on < today:
        errors["expires_on"] = "in_the_past"
    if errors:
        raise Invalid(errors)
    assert rotate is not None and refresh is not None  # an error was noted for either otherwise
    return DisplaySettings(name, chosen, rotate, refresh, locale, expires_on)


def quick_setup(settings: DisplaySettings, args: Mapping[str, str]) -> DisplaySettings:
    """Apply the link's optional parameters (``?slides=ranking,overdue&rotate=30&refresh=15``).

    They can only narrow what the admin configured: unknown or unconfigured slides and numbers
    out of range are ignored, so a typo still shows a working screen.
    """
    result = settings
    wanted = [part.strip() for part in (args.get("slides") or "").split(",") if part.strip()]
    chosen = tuple(dict.fromkeys(slide for slide in wanted if slide in settings.slides))
    if chosen:
        result = replace(result, slides=chosen)
    rotate = _whole(args.get("rotate"), ROTATE_SECONDS)
    if rotate is not None:
        result = replace(result, rotate_seconds=rotate)
    refresh = _whole(args.get("refresh"), REFRESH_SECONDS)
    if refresh is not None:
        result = replace(result, refresh_seconds=refresh)
    return result


def new_secret() -> str:
    """A random link secret, safe in a URL path; it starts with a letter or digit, so that it can
    never be mistaken for one of Dash's own routes under /display/ (``_dash-…``)."""
    while True:
        secret = secrets.token_urlsafe(SECRET_BYTES)
        if secret[0].isalnum():
            return secret


def secret_hash(secret: str) -> str:
    """What the database keeps. A plain SHA-256 is enough: the secret is random, not a password."""
    return hashlib.sha256(secret.encode()).hexdigest()


def looks_like_secret(text: str) -> bool:
    """Cheap shape check before any database look-up."""
    return 32 <= len(text) <= 64 and text[0].isalnum() and all(c.isalnum() or c in "-_" for c in text)
