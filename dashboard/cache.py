"""A cache shared by every worker (files under instance/ by default, Redis when REDIS_URL is set).

Figures of a closed period never change, so they are kept until evicted. Figures that
include today carry the data version in their key: any write makes a new key.
"""
from __future__ import annotations

import hashlib
import json

from flask import Flask
from flask_caching import Cache
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Extension, Rating, TaskEdit, TaskUpdate

from .config import INSTANCE

cache = Cache()


def data_version(session: Session) -> str:
    """Changes with every task update, edit, extension request or decision, and rating."""
    parts = [session.scalar(select(func.max(TaskUpdate.id))),
             session.scalar(select(func.max(TaskEdit.id))),
             session.scalar(select(func.max(Extension.id))),
             session.scalar(select(func.max(Extension.decided_at))),
             session.scalar(select(func.max(Rating.id))),
             session.scalar(select(func.max(Rating.hidden_at)))]
    return "-".join(str(part) for part in parts)


def key(*parts) -> str:
    text = json.dumps(parts, default=str, sort_keys=True)
    return "tsd:" + hashlib.sha256(text.encode()).hexdigest()


def init_app(app: Flask) -> None:
    config = {"CACHE_DEFAULT_TIMEOUT": 24 * 3600}
    if app.config.get("CACHE_TYPE"):
        config["CACHE_TYPE"] = app.config["CACHE_TYPE"]
    elif app.config.get("REDIS_URL"):
        config.update(CACHE_TYPE="RedisCache", CACHE_REDIS_URL=app.config["REDIS_URL"])
    else:
        config.update(CACHE_TYPE="FileSystemCache", CACHE_DIR=str(INSTANCE / "cache"),
                      CACHE_THRESHOLD=5000)
    cache.init_app(app, config=config)
