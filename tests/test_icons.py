"""The icon font is cut down to the icons the code uses (issue #13, "Light"; `make icons`): every
`bi-…` class the code names has its rule in the stylesheet, and every code point the stylesheet or
the app's own styles name is a glyph of the font."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("icons", ROOT / "tools" / "icons.py")
icons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(icons)


def test_every_icon_the_code_uses_is_in_the_subset():
    names, points = icons.icons_used()
    assert len(names) > 10, "the scan found almost no icon: has the code's layout moved?"
    rules = icons.icon_rules(icons.CSS.read_text(encoding="utf-8"))
    missing = sorted(names - set(rules))
    assert not missing, f"run `make icons`: the icon subset lacks {', '.join(missing)}"
    glyphs = set(TTFont(icons.FONT).getBestCmap())
    absent = sorted(f"{point:x}" for point in (points | set(rules.values())) - glyphs)
    assert not absent, f"run `make icons`: the font lacks the code points {', '.join(absent)}"


def test_the_stylesheet_names_the_font_by_its_own_hash_and_woff2_only():
    css = icons.CSS.read_text(encoding="utf-8")
    assert "bootstrap-icons.woff\"" not in css and ".woff?" not in css
    assert (icons.VENDOR / "LICENSE-bootstrap-icons").is_file()
    assert icons.FONT.stat().st_size < 20_000, "the whole font is back?"
