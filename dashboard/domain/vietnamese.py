"""Vietnamese alphabetical order, for names of units, points and people.

Python's default order puts "Đ" after "Z" and "ă" after "z". Vietnamese dictionaries order the
29 letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z of foreign words
in their Latin places) and compare tones only when the letters are equal, in the order
ngang, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ) — as ICU's Vietnamese collation does.
"""
from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Marks that make a letter of its own (ă â ê ô ơ ư) rather than a tone.
LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_COMPOSED = {("a", "breve"): "ă", ("a", "circumflex"): "â", ("e", "circumflex"): "ê",
             ("o", "circumflex"): "ô", ("o", "horn"): "ơ", ("u", "horn"): "ư"}
_RANK = {letter: 1000 + index for index, letter in enumerate(ALPHABET)}


def _letters(text: str):
    """(letter, tone, is upper case) for each character, marks folded into their letter."""
    letters: list[list] = []
    for char in unicodedata.normalize("NFD", text):
        if letters and char in LETTER_MARKS:
            base = letters[-1]
            base[0] = _COMPOSED.get((base[0], LETTER_MARKS[char]), base[0])
        elif letters and char in TONES:
            letters[-1][1] = TONES[char]
        elif letters and unicodedata.combining(char):
            continue  # any other mark: ignored, as Vietnamese has none
        else:
            lower = char.lower()
            letters.append(["đ" if lower == "ð" else lower, 0, char != lower])  # ð: a mistyped đ
    return letters


def _primary(letters) -> tuple:
    """Spaces, punctuation and numbers before letters; a run of digits by its value, so
    "Phường 2" comes before "Phường 10"; other scripts after the Latin letters."""
    key, digits = [], ""
    for letter, _tone, _upper in letters + [["", 0, False]]:
        if letter.isdecimal() and letter.isascii():
            digits += letter
            continue
        if digits:
            key.append((1, int(digits)))
            digits = ""
        if not letter:
            break
        if letter in _RANK:
            key.append((2, _RANK[letter]))
        elif letter.isalpha():
            key.append((3, ord(letter)))
        else:
            key.append((0, ord(letter)))
    return tuple(key)


@functools.lru_cache(maxsize=50_000)  # the same unit and point names are sorted on every page
def sort_key(text: str) -> tuple:
    """Sort key: letters first, then tones, then lower case before upper case, then the text
    itself (names that differ only in ways ignored above still sort the same everywhere)."""
    letters = _letters(text or "")
    return (_primary(letters), tuple(tone for _letter, tone, _upper in letters),
            tuple(upper for _letter, _tone, upper in letters), unicodedata.normalize("NFC", text or ""))


@functools.lru_cache(maxsize=64)
def vietnamese_positions(names: tuple[str, ...]) -> tuple[int, ...]:
    """The positions of ``names`` in Vietnamese order (equal names keep theirs). Remembered:
    every page orders the same few hundred unit names, and comparing their keys took a
    millisecond each time."""
    return tuple(sorted(range(len(names)), key=lambda position: sort_key(names[position])))


def by_name(items: Sequence[T], name: Callable[[T], str], group: Callable[[T], Any] | None = None) -> list[T]:
    """``items`` in the Vietnamese order of their names (by ``group`` first, when given: each
    group in that order)."""
    ordered = [items[position] for position in vietnamese_positions(tuple(name(item) for item in items))]
    if group is not None:
        ordered.sort(key=group)  # stable: each group's names stay in order
    return ordered


def fold(text: str | None) -> str:
    """Lowercase text without diacritics, spaces collapsed: "Quy hoạch  Đất" → "quy hoach dat".
    Search and filters compare folded text, as officials type on a phone."""
    if not text:
        return ""
    text = text.replace("Đ", "D").replace("đ", "d")
    stripped = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in stripped if not unicodedata.combining(c)).lower().split())


def first_matching(items, search: str | None, text_of, limit: int) -> list:
    """The first ``limit`` items whose text holds every word typed (diacritics and case
    optional): what a searchable list shows while a province's hundreds are typed into."""
    words = fold(search if isinstance(search, str) else "").split()
    return [item for item in items if all(word in fold(text_of(item)) for word in words)][:limit]
