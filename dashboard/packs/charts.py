"""The memo's charts, drawn for print with matplotlib: offline, in-process (no browser to drive,
unlike plotly's kaleido), with DejaVu Sans for every Vietnamese letter, and hatched as well as
coloured so a black-and-white copy still tells the bars apart."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from dashboard.domain.overview import within_deadline
from dashboard.i18n import show_day_month
from layouts.figures import COLOURS

if TYPE_CHECKING:
    from dashboard.services.briefing_pack import Pack

DPI = 200


def _png(figure) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, bbox_inches="tight")
    return out.getvalue()


def _figure(width_cm: float, height_cm: float):
    from matplotlib.figure import Figure  # imported when a pack is drawn, never at start-up

    figure = Figure(figsize=(width_cm / 2.54, height_cm / 2.54))
    figure.set_layout_engine("constrained")
    return figure


def buckets(pack: Pack) -> bytes:
    """This week's four buckets beside the same days of last week: a bar pair per bucket."""
    headline = pack.overview.headline
    within = within_deadline(headline)
    names = [_("Done on time"), _("Done late"), _("Within deadline"), _("Overdue")]
    now = [headline.done_on_time.value, headline.done_late.value, within.value, headline.overdue.value]
    before = [headline.done_on_time.previous, headline.done_late.previous, within.previous,
              headline.overdue.previous]
    colours = [COLOURS["done_on_time"], COLOURS["done_late"], COLOURS["within_deadline"], COLOURS["overdue"]]
    figure = _figure(17, 6.5)
    axes = figure.add_subplot()
    places = range(len(names))
    bars_now = axes.barh([p + 0.2 for p in places], now, height=0.38, color=colours, label=_("This week"))
    bars_before = axes.barh([p - 0.2 for p in places], before, height=0.38, color="white", edgecolor=colours,
                            hatch="///", label=_("Same days last week"))
    axes.bar_label(bars_now, padding=3, fontsize=8)
    axes.bar_label(bars_before, padding=3, fontsize=8)
    axes.set_yticks(list(places), names, fontsize=9)
    axes.invert_yaxis()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="x", labelsize=8)
    axes.legend(loc="lower right", fontsize=8, frameon=False)
    return _png(figure)


def activity(pack: Pack) -> bytes:
    """Updates per day over the fortnight ending on the pack's day."""
    days = pack.overview.daily
    figure = _figure(17, 5)
    axes = figure.add_subplot()
    axes.bar(range(len(days)), [day.updates for day in days], color=COLOURS["within_deadline"])
    axes.set_xticks(range(len(days)), [show_day_month(day.day) for day in days], fontsize=7, rotation=45)
    axes.set_ylabel(_("Updates"), fontsize=8)
    axes.tick_params(axis="y", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(_("Updates made each day, the last fortnight"), fontsize=9)
    return _png(figure)
