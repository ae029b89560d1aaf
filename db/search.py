"""Search that forgives missing diacritics, the way officials type on a phone."""
from __future__ import annotations

import unicodedata


def fold(text: str | None) -> str:
    """Lowercase ASCII-ish text: "Quy hoạch Đất" → "quy hoach dat"."""
    if not text:
        return ""
    text = text.replace("Đ", "D").replace("đ", "d")
    stripped = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in stripped if not unicodedata.combining(c)).lower().split())


def search_text(title: str | None, source_ref: str | None = None) -> str:
    return " ".join(part for part in (fold(title), fold(source_ref)) if part)
