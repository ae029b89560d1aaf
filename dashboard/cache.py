"""A cache shared by every worker (files under instance/ by default, Redis when REDIS_URL is set).

Figures of a closed period never change, so they are kept until evicted. Figures that
include today carry the data version in their key: a write that can move a figure makes a new
key (a citizen's rating from the next minute on; a sign-in never: ``db.displays.data_version``).
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import time

from flask import Flask, current_app
from flask_caching import Cache
from flask_caching.backends.rediscache import RedisCache

from .config import INSTANCE, ROOT

cache = Cache()
log = logging.getLogger(__name__)
REDIS_TIMEOUTS = {"socket_connect_timeout": 1, "socket_timeout": 1}  # never hang on a lost Redis

try:
    from redis.exceptions import RedisError
except ImportError:  # Redis is an optional extra
    RedisError = OSError


class SafeRedisCache(RedisCache):
    """A cache only saves work: while Redis is away (restarting, unreachable) every read is a
    miss and every write is skipped, so figures are computed afresh instead of failing the
    request. ``add`` then says "yours": the caller computes at once rather than waiting for a
    computation nobody can announce."""

    def _safely(self, action, fallback):
        try:
            return action()
        except RedisError as error:
            log.warning("figure cache unavailable (%s): computing without it", type(error).__name__)
            return fallback

    def get(self, key):
        return self._safely(lambda: super(SafeRedisCache, self).get(key), None)

    def set(self, key, value, timeout=None):
        return self._safely(lambda: super(SafeRedisCache, self).set(key, value, timeout), False)

    def add(self, key, value, timeout=None):
        return self._safely(lambda: super(SafeRedisCache, self).add(key, value, timeout), True)

    def delete(self, key):
        return self._safely(lambda: super(SafeRedisCache, self).delete(key), False)





def key(*parts) -> str:
    """A cache key for ``parts`` in this app's namespace (its database)."""
    text = json.dumps([current_app.config["CACHE_NAMESPACE"], *parts], default=str, sort_keys=True)
    return "tsd-" + hashlib.sha256(text.encode()).hexdigest()


def computed_once(cache_key: str, compute, wait_seconds: float = 5.0):
    """The cached value for ``cache_key``, computed by one worker while the others wait for it:
    a hundred screens asking after the same change cost one computation, not a hundred."""
    value = cache.get(cache_key)
    if value is not None:
        return value
    lock = cache_key + "-computing"
    if cache.add(lock, 1, timeout=30):
        try:
            value = compute()
            cache.set(cache_key, value)
        finally:
            cache.delete(lock)
        return value
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        time.sleep(0.02)
        value = cache.get(cache_key)
        if value is not None:
            return value
    return compute()  # the computing worker died or is very slow: do not keep the screen waiting


def clear_everywhere() -> None:
    """Forget every cached figure, in the cache the application would use (files or Redis),
    after the data changed behind its back (a restore, a copy)."""
    app = Flask(__name__)
    app.config.update(DATABASE_URL="", REDIS_URL=os.environ.get("REDIS_URL"),
                      CACHE_DIR=os.environ.get("CACHE_DIR"))
    init_app(app)
    with app.app_context():
        cache.clear()


@functools.cache
def code_version() -> str:
    """A digest of the code and catalogs that build the answers: after a deploy, answers cached
    by the previous release (their layout, their wording) are not served again."""
    digest = hashlib.sha256()
    for folder in ("dashboard", "layouts", "callbacks", "db"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".mo") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def init_app(app: Flask) -> None:
    # One cache folder or Redis may serve several databases (demo, staging) and releases: keys
    # name theirs.
    app.config["CACHE_NAMESPACE"] = hashlib.sha256(
        (app.config["DATABASE_URL"] + code_version()).encode()).hexdigest()
    config = {"CACHE_DEFAULT_TIMEOUT": 24 * 3600}
    if app.config.get("CACHE_TYPE"):
        config["CACHE_TYPE"] = app.config["CACHE_TYPE"]
        if app.config.get("CACHE_DIR"):
            config["CACHE_DIR"] = app.config["CACHE_DIR"]
    elif app.config.get("REDIS_URL"):
        config.update(CACHE_TYPE="dashboard.cache.SafeRedisCache", CACHE_REDIS_URL=app.config["REDIS_URL"],
                      CACHE_OPTIONS=dict(REDIS_TIMEOUTS))
    else:
        config.update(CACHE_TYPE="FileSystemCache", CACHE_THRESHOLD=5000,
                      CACHE_DIR=app.config.get("CACHE_DIR") or str(INSTANCE / "cache"))
    cache.init_app(app, config=config)
