"""The bootstrap-icons font and stylesheet, cut down to the icons the code uses (issue #13,
"Light": the whole font is 135 KB, the icons we draw are a few dozen).

    python tools/icons.py <bootstrap-icons package folder>   # what `make icons` runs

reads the package's full font (fonts/bootstrap-icons.woff2) and stylesheet, and writes
assets/vendor/fonts/bootstrap-icons.woff2 (woff2 only: every browser since 2016 reads it) and
assets/vendor/bootstrap-icons.min.css with the shared rules and one rule per used icon. The
icons used are every `bi-<name>` class in the code (layouts, callbacks, dashboard, the app's own
assets) and every bootstrap-icons code point the app's stylesheets name directly (`content:
"\\f336"`). tests/test_icons.py fails when the code uses an icon the subset lacks.
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "assets" / "vendor"
CSS = VENDOR / "bootstrap-icons.min.css"
FONT = VENDOR / "fonts" / "bootstrap-icons.woff2"
SOURCES = ("layouts", "callbacks", "dashboard", "assets")
SUFFIXES = {".py", ".js", ".html", ".css"}
NAME = re.compile(r"(?<![\w-])bi-[a-z0-9]+(?:-[a-z0-9]+)*")
CODE_POINT = re.compile(r'content:\s*"\\(f[0-9a-f]{3})"')
RULE = re.compile(r'\.(bi-[a-z0-9-]+)::before\{content:"\\(f[0-9a-f]{3})"\}')


def code_files() -> list[Path]:
    return sorted(path for folder in SOURCES for path in (ROOT / folder).rglob("*")
                  if path.suffix in SUFFIXES and VENDOR not in path.parents)


def icons_used() -> tuple[set[str], set[int]]:
    """The icon classes the code names, and the code points its own stylesheets name."""
    names: set[str] = set()
    points: set[int] = set()
    for path in code_files():
        text = path.read_text(encoding="utf-8")
        names.update(NAME.findall(text))
        if path.suffix == ".css":
            points.update(int(point, 16) for point in CODE_POINT.findall(text))
    return names, points


def icon_rules(css: str) -> dict[str, int]:
    """Icon name -> code point, as a bootstrap-icons stylesheet maps them."""
    return {name: int(point, 16) for name, point in RULE.findall(css)}


def main(package: Path) -> None:
    from fontTools import subset

    full_css = (package / "font" / "bootstrap-icons.min.css").read_text(encoding="utf-8")
    rules = icon_rules(full_css)
    names, points = icons_used()
    unknown = sorted(name for name in names if name not in rules)
    if unknown:
        sys.exit(f"not bootstrap icons: {', '.join(unknown)}")
    points |= {rules[name] for name in names}

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = ["*"]  # the font keeps its names (and its licence notice)
    font = subset.load_font(str(package / "font" / "fonts" / "bootstrap-icons.woff2"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    subset.save_font(font, str(FONT), options)
    stamp = hashlib.sha256(FONT.read_bytes()).hexdigest()[:32]

    header = full_css[:full_css.index("*/") + 2]
    shared = re.search(r"\.bi::before,\[class\*=\" bi-\"\]::before,\[class\^=bi-\]::before\{[^}]*\}", full_css)
    if shared is None:
        sys.exit("the stylesheet's shared rule was not found: has bootstrap-icons changed its format?")
    face = ('@font-face{font-display:block;font-family:bootstrap-icons;'
            f'src:url("fonts/bootstrap-icons.woff2?{stamp}") format("woff2")}}')
    icons = "".join(f'.{name}::before{{content:"\\{rules[name]:x}"}}' for name in sorted(names))
    CSS.write_text(f"{header}\n/* cut down to the icons the code uses: make icons */\n"
                   f"{face}{shared.group(0)}{icons}\n", encoding="utf-8")
    (VENDOR / "fonts" / "bootstrap-icons.woff").unlink(missing_ok=True)
    print(f"{len(names)} icons, {len(points)} code points: {FONT.stat().st_size:,} bytes of font, "
          f"{CSS.stat().st_size:,} of stylesheet")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
