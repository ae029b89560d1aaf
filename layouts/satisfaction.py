"""Citizen satisfaction: honest rates with their Wilson interval, per unit, point and dimension."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from flask_babel import gettext as _
from flask_babel import ngettext

from dashboard import clock, paths
from dashboard.domain.satisfaction import Satisfaction, may_follow_up
from dashboard.domain.vocabulary import MODERATION_REASON_MAX
from dashboard.i18n import show_date, show_datetime, show_number, show_percent

from . import elements as e
from . import ids, tables
from .components import TYPING_PAUSE_MS, deferred, dropdown, icon, limited_line
from .figures import chart
from .overview import controls


def title(**_kwargs) -> str:
    return _("Citizen satisfaction")


def page(**_kwargs) -> html.Main:
    return html.Main([
        dcc.Store(id=ids.SAT_REFRESH, data=0),
        html.H1(_("Citizen satisfaction"), className="h3"),
        controls(clock.today(), ids.SAT_AS_OF, ids.SAT_PERIOD, ids.SAT_RANGE, ids.SAT_RANGE_BOX),
        dbc.Row(dbc.Col(dropdown(id=ids.SAT_UNIT, placeholder=_("All units")), md=4), className="mb-3"),
        html.Div(id=ids.SAT_MESSAGE, role="status"),
        html.Div(body(), id=ids.SAT_BODY, hidden=True),  # shown with the first answer: nothing jumps
    ])


def body() -> list:
    """Everything the page's answers fill, below its controls."""
    return [
        dbc.Row([dbc.Col(html.Div(id=ids.SAT_SUMMARY), lg=4),
                 dbc.Col(html.Div(id=ids.SAT_DIMENSIONS), lg=8)], className="mb-4"),
        dbc.Row([dbc.Col(chart(ids.SAT_TREND, "300px"), lg=7),
                 dbc.Col(chart(ids.SAT_DISTRIBUTION, "300px"), lg=5)], className="mb-4"),
        html.H2(_("Units, best lower bound first"), className="h5"),
        html.Div([deferred(ids.SAT_RANKING),
                  tables.pager(ids.SAT_RANKING_PREVIOUS, ids.SAT_RANKING_NEXT, ids.SAT_RANKING_COUNT, _("Units")),
                  dcc.Store(id=ids.SAT_RANKING_FIRST, data=0)], className="mb-4"),
        html.H2(_("Feedback points"), className="h5"),
        html.Div([deferred(ids.SAT_POINTS),
                  tables.pager(ids.SAT_POINTS_PREVIOUS, ids.SAT_POINTS_NEXT, ids.SAT_POINTS_COUNT,
                               _("Feedback points")),
                  dcc.Store(id=ids.SAT_POINTS_FIRST, data=0)], className="mb-4"),
        html.H2(_("Comments"), className="h5"),
        dbc.Row([dbc.Col(dbc.Input(id=ids.SAT_SEARCH, type="search", debounce=TYPING_PAUSE_MS,
                                   placeholder=_("Search the comments")), md=5),
                 dbc.Col([dbc.Label(_("Score"), html_for=ids.SAT_SCORE, className="visually-hidden"),
                          dbc.Select(id=ids.SAT_SCORE, value="", options=[{"label": _("Any score"), "value": ""}]
                                     + [{"label": "★" * n, "value": str(n)} for n in range(1, 6)])], md=3),
                 dbc.Col(dropdown(id=ids.SAT_POINT, placeholder=_("Any point")), md=4)],
                className="g-2 mb-2"),
        html.Div(limited_line(ids.SAT_HIDE_REASON, MODERATION_REASON_MAX,
                              placeholder=_("Reason for hiding (required to hide a comment)")),
                 id=ids.SAT_MODERATION, hidden=True),
        html.P(id=ids.SAT_COMMENT_COUNT, className="small text-muted mb-2", **{"aria-live": "polite"}),
        deferred(ids.SAT_COMMENTS),
        html.Nav([dbc.Button([icon("bi-chevron-left"), " ", _("Newer comments")], id=ids.SAT_COMMENT_NEWER,
                             color="secondary", outline=True, className="big-button", disabled=True),
                  dbc.Button([_("Older comments"), " ", icon("bi-chevron-right")], id=ids.SAT_COMMENT_OLDER,
                             color="secondary", outline=True, className="big-button", disabled=True)],
                 id=ids.SAT_COMMENT_PAGER, hidden=True, className="d-flex flex-wrap gap-2 mb-4",
                 **{"aria-label": _("Pages of comments")}),
        dcc.Store(id=ids.SAT_COMMENT_CURSOR),
        html.Div(id=ids.SAT_HELD, className="mb-4"),
        html.Div(id=ids.SAT_REJECTIONS),  # for those who may see them: titled with them
    ]


def rate_cells(s: Satisfaction) -> list[e.Element]:
    """A row's figures, as sent (layouts/elements.py): the tables page through hundreds."""
    if not s.n:
        return [e.Td("0", className="text-end"), e.Td("—"), e.Td("—"), e.Td("—")]
    low, high = s.interval
    rate = show_percent(s.rate) if s.enough else e.Span(_("not enough ratings"), className="text-muted")
    return [e.Td(show_number(s.n), className="text-end"), e.Td(rate),
            e.Td(f"{show_percent(low)} – {show_percent(high)}" if s.enough else "—"),
            e.Td(show_number(round(s.mean, 2)) if s.mean is not None else "—")]


HEAD = lambda first: html.Thead(html.Tr([html.Th(first), html.Th(_("Ratings"), className="text-end"),  # noqa: E731
                                         html.Th(_("Satisfied")), html.Th(_("%(level)s interval", level="95%")),
                                         html.Th(_("Mean (1–5)"))]))


def summary(total: Satisfaction, follow_ups=None) -> html.Div:
    if not total.n:
        return dbc.Alert(_("No ratings in this period."), color="secondary")
    low, high = total.interval
    lines = [html.Div(_("Satisfied"), className="text-muted"),
             html.Div(show_percent(total.rate), className="display-5 fw-bold"),
             html.Div(_("95%% interval %(low)s – %(high)s · n = %(n)s · mean %(mean)s",
                        low=show_percent(low), high=show_percent(high), n=show_number(total.n),
                        mean=show_number(round(total.mean, 2))))]
    if not total.enough:
        lines.append(dbc.Alert(_("Fewer than %(n)s ratings: not enough to judge.", n=total.min_sample),
                               color="warning", className="mt-2"))
    if follow_ups is not None and follow_ups.low:
        lines.append(html.Div(follow_up_text(follow_ups), className="mt-2 small follow-up-share"))
    return html.Div(lines, className="kpi-card tone-done")


def follow_up_text(follow_ups) -> str:
    """How many dissatisfied comments became a task, and how fast (the median)."""
    words = _("Dissatisfied comments followed up with a task: %(followed)s of %(low)s (%(share)s)",
              followed=show_number(follow_ups.followed), low=show_number(follow_ups.low),
              share=show_percent(follow_ups.share))
    if follow_ups.median_hours is None:
        return words
    hours = follow_ups.median_hours
    wait = ngettext("%(num)s hour", "%(num)s hours", round(hours)) if hours < 48 else \
        ngettext("%(num)s day", "%(num)s days", round(hours / 24))
    return words + " · " + _("half within %(wait)s", wait=wait)


def dimensions(figures: dict[str, Satisfaction]) -> dbc.Table:
    names = {"access": _("Access to the service"), "procedure": _("The procedure"),
             "staff": _("The civil servant"), "result": _("The result"), "feedback": _("Handling of feedback")}
    return dbc.Table([HEAD(_("Dimension")), html.Tbody([
        html.Tr([html.Th(names[d], scope="row"), *rate_cells(s)]) for d, s in figures.items()])],
        size="sm", responsive=True)


def unit_ranking(items) -> dbc.Table:
    """One page of units: (rank or None, name, satisfaction); the unranked are muted."""
    return dbc.Table([HEAD(_("Unit")), html.Tbody([
        e.Tr([e.Td(name if rank is None else f"{rank}. {name}", className="text-muted" if rank is None else None),
              *rate_cells(s)]) for rank, name, s in items])], size="sm", hover=True, responsive=True)


def ranking_count(first: int, shown: int, total: int) -> str:
    return tables.page_text(first, shown, total, _("Units %(first)s–%(last)s of %(total)s"))


def poster_links(code: str) -> e.Element:
    """Printable posters: A4 and A5 PDF, and PNG (plain links, served by Flask)."""
    return e.Small([icon("bi-printer"), " ", _("Poster"), ": ",
                    e.A("A4", href=f"/posters/{code}.pdf?size=A4", target="_blank"), " · ",
                    e.A("A5", href=f"/posters/{code}.pdf?size=A5", target="_blank"), " · ",
                    e.A("PNG", href=f"/posters/{code}.png", target="_blank"), " · ",
                    e.A(_("Recommendations"), href=f"/posters/{code}/kn.pdf", target="_blank")])


def points_table(items) -> dbc.Table:
    """One page of points (a province has hundreds: the pager below goes through them)."""
    return dbc.Table([HEAD(_("Feedback point")), html.Tbody([
        e.Tr([e.Td([e.Div(label),
                    e.Small(f"{unit} · {paths.FEEDBACK}{code}", className="text-muted d-block"),
                    poster_links(code)]),
              *rate_cells(s)]) for code, label, unit, s in items])],
        size="sm", hover=True, responsive=True)


def points_count(first: int, shown: int, total: int) -> str:
    return tables.page_text(first, shown, total, _("Points %(first)s–%(last)s of %(total)s"))


def _moderation_button(c) -> dbc.Button:
    label = _("Release") if c.held else _("Show again") if c.hidden else _("Hide")
    return dbc.Button(label, size="sm", color="secondary" if c.hidden else "danger", outline=True,
                      id={"type": ids.HIDE_RATING, "index": c.id}, className="big-button")


def _comment_state(c):
    if c.held:
        return html.Span([" · ", icon("bi-hourglass-split"), " ", _("held for review")],
                         className="text-warning-emphasis small")
    if c.hidden:
        return html.Span([" · ", icon("bi-eye-slash"), " ", _("hidden: %(reason)s", reason=c.hidden_reason)],
                         className="text-danger small")
    return None


def comment_count(first: int, last: int, total: int, counted_all: bool) -> str:
    """Where the page shown stands: "Comments 21–40 of 1,234" (nothing when there is none)."""
    if not total:
        return ""
    if first == 1 and last == total:
        return ngettext("%(num)s comment", "%(num)s comments", total)
    if not counted_all:
        return _("Comments %(first)s–%(last)s of more than %(total)s", first=show_number(first),
                 last=show_number(last), total=show_number(total - 1))
    return _("Comments %(first)s–%(last)s of %(total)s", first=show_number(first), last=show_number(last),
             total=show_number(total))


def _follow_up(c, follow_ups: dict[int, int], can_follow_up: bool):
    """A dissatisfied comment: the task it became, or (for a leader) the button that makes one."""
    if c.id in follow_ups:
        return html.Div([icon("bi-check2-circle"), " ",
                         html.A(_("Follow-up task assigned"), href=paths.task(follow_ups[c.id]))],
                        className="small text-success-emphasis follow-up-done")
    if can_follow_up and may_follow_up(c.score, True, c.hidden):
        return dbc.Button([icon("bi-clipboard-plus"), " ", _("Make a follow-up task")], size="sm", color="primary",
                          outline=True, className="big-button me-2", id={"type": ids.FOLLOW_UP, "index": c.id})
    return None


def comment_list(items, can_moderate: bool, filtered: bool = False, follow_ups: dict[int, int] | None = None,
                 can_follow_up: bool = False) -> html.Div:
    if not items:
        return html.P(_("No comment of this period matches the search or the filters.") if filtered
                      else _("No comments in this period."), className="text-muted")
    out = []
    for c in items:
        out.append(html.Li([
            html.Div([html.Span("★" * c.score + "☆" * (5 - c.score), className="stars"), " · ",
                      html.Small(f"{c.unit_name} · {c.point_label} · {show_datetime(c.at)}",
                                 className="text-muted"), _comment_state(c)]),
            html.Div(c.text, className="text-muted text-decoration-line-through" if c.hidden and not c.held
                     else "text-muted" if c.held else None),
            _follow_up(c, follow_ups or {}, can_follow_up),
            _moderation_button(c) if can_moderate else None,
        ], className="mb-3 comment text-break"))
    return html.Ul(out, className="list-unstyled")


def held_section(groups) -> list:
    """Ratings held because many came from one address: a leader releases them or keeps them out."""
    heading = html.H2(_("Held for review"), className="h5")
    if not groups:
        return [heading, html.P(_("No rating is held for review in this period."), className="text-muted")]
    explain = html.P(_("Many ratings came from one address at one point within an hour. They are stored "
                       "but do not count until you release them."), className="small text-muted")
    items = [html.Li([
        html.Div([html.Strong(g.point_label), " · ", html.Span(g.unit_name, className="text-muted")]),
        html.Div(ngettext("%(day)s · %(num)s rating · mean %(mean)s", "%(day)s · %(num)s ratings · mean %(mean)s",
                          g.count, day=show_date(g.day), mean=show_number(round(g.mean, 2))),
                 className="small mb-1"),
        html.Div([dbc.Button(_("Release"), size="sm", color="primary", outline=True, className="me-2 big-button",
                             id={"type": ids.RELEASE_HELD, "index": g.key}),
                  dbc.Button(_("Keep out"), size="sm", color="secondary", outline=True, className="big-button",
                             id={"type": ids.KEEP_OUT_HELD, "index": g.key})]),
    ], className="mb-3 held-group") for g in groups]
    return [heading, explain, html.Ul(items, className="list-unstyled")]


def rejections_table(rows) -> html.Div:
    """The refused ratings by reason, titled (only those who may see them get the section)."""
    names = {"invalid": _("Invalid form"), "too_soon": _("Same phone within 10 minutes"),
             "case_used": _("Case already rated"), "honeypot": _("Robot (hidden field filled)"),
             "rate_limited": _("Too many from one address"), "csrf": _("Expired form"),
             "unknown_point": _("Unknown point")}
    heading = html.H2(_("Refused ratings"), className="h5")
    if not rows:
        return html.Div([heading, html.P(_("No rating was refused in this period."), className="text-muted")])
    return html.Div([heading, dbc.Table([html.Tbody([html.Tr([html.Td(names.get(r, r)),
                                                              html.Td(show_number(int(n)), className="text-end")])
                                                     for r, n in rows])], size="sm", className="w-auto")])
