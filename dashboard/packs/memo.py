"""A briefing memo as words and tables, in the reader's language: its heading lines, then its
sections, each a title, the rule it follows, column headers and rows of plain values. The PDF
prints them and the Excel file holds them as sheets, so both say exactly the same."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from dashboard import clock
from dashboard.domain.briefings import SHORT_LIST
from dashboard.domain.overview import Change, within_deadline
from dashboard.domain.periods import local_day
from dashboard.exports import Percent
from dashboard.i18n import show_date, show_datetime, show_percent
from layouts.briefing_words import attending_label, kind_label, meeting_title
from layouts.components import severity_label
from layouts.task_page import status_label

if TYPE_CHECKING:
    from dashboard.services.briefing_pack import Pack
    from db.briefings import ConclusionRow, Meeting


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    sheet: str  # the Excel sheet's name (at most 31 characters)
    rule: str  # what the table holds and by which rule: printed above it
    headers: tuple[str, ...]
    rows: tuple[tuple, ...]
    empty: str = ""  # said instead of an empty table
    more: str = ""  # said under a table that lists only the first rows


def heading(pack: Pack) -> list[str]:
    """The memo's first lines: what it is, for which meeting, as of when."""
    kind = _("Memo for %(unit)s", unit=pack.unit_name) if pack.unit_name else _("District memo")
    window = pack.overview.window
    return [
        f"{meeting_title(pack.meeting)} — {kind}",
        _("Meeting: %(at)s · Attending: %(who)s", at=show_datetime(pack.meeting.held_at),
          who=attending_label(pack.meeting.attending)),
        _("Figures as of the end of %(day)s: this week from %(start)s, against the same days of last week "
          "(%(before_start)s – %(before_end)s).", day=show_date(pack.as_of), start=show_date(window.shown.start),
          before_start=show_date(window.previous.start), before_end=show_date(window.previous.end)),
        _("Made %(at)s by the Task Supervision Dashboard.", at=show_datetime(clock.now())),
    ]


def _change(change: Change) -> tuple:
    value, previous = change.value, change.previous
    difference = None if value is None or previous is None else value - previous
    if isinstance(value, float) or isinstance(previous, float):
        return (None if value is None else Percent(value), None if previous is None else Percent(previous),
                None if difference is None else Percent(difference))
    return value, previous, difference


BUCKETS = 1  # the four buckets' section: its chart follows it


def sections(pack: Pack) -> list[Section]:
    headline = pack.overview.headline
    within = within_deadline(headline)
    shown = pack.overview.window.shown
    result = [conclusions_section(  # the memo opens with what the last meeting asked, and how it stands
        _("The last briefing's conclusions"),
        _("From %(meeting)s (%(at)s): each conclusion and, for a directive, its task at the end of %(day)s.",
          meeting=meeting_title(pack.last_meeting), at=show_datetime(pack.last_meeting.held_at),
          day=show_date(pack.as_of))
        if pack.last_meeting else _("There was no earlier briefing."),
        pack.last_conclusions, pack.as_of), Section(
        _("The four buckets this week"), _("Buckets"),
        _("Done on time and done late count this week's completions; within deadline and overdue count the open "
          "tasks at the end of each span. Change = this week − last week."),
        (_("Figure"), _("This week (%(start)s – %(end)s)", start=show_date(shown.start), end=show_date(shown.end)),
         _("Same days last week"), _("Change")),
        ((_("Done on time"), *_change(headline.done_on_time)),
         (_("Done late"), *_change(headline.done_late)),
         (_("Open within deadline"), *_change(within)),
         (_("Overdue"), *_change(headline.overdue)),
         (_("On-time rate"), *_change(headline.on_time_rate)),
         (_("Silent units"), *_change(headline.silent_units))))]
    if pack.unit_name is None:
        result += [_short_list(
            _("The units most in need of attention"), _("Attention"),
            _("Rule: seriously late before late (units on track are not listed), then more overdue tasks, then the "
              "oldest overdue task, then the name. At most %(n)s.", n=SHORT_LIST), pack.need_attention),
            _short_list(
            _("The most improved units"), _("Improved"),
            _("Rule: the largest fall in overdue tasks against the same day last week (units whose count did not "
              "fall are not listed), then more tasks done on time this week, then the name. At most %(n)s.",
              n=SHORT_LIST), pack.most_improved)]
    result += [
        Section(_("Overdue tasks, the oldest first"), _("Overdue"),
                _("Open tasks past their effective due date at the end of %(day)s.", day=show_date(pack.as_of)),
                (_("Task"), _("Title"), _("Unit"), _("Due"), _("Days overdue")),
                tuple((f"#{t.task_id}", t.title, t.unit_name, t.due, t.days_overdue) for t in pack.overdue),
                empty=_("No task is overdue."),
                more=_("%(n)s more overdue tasks are in the register.", n=pack.overdue_total - len(pack.overdue))
                if pack.overdue_total > len(pack.overdue) else ""),
        Section(_("Days without an update"), _("Without update"),
                _("Units with open tasks, the longest without any update first."),
                (_("Unit"), _("Days since the last update")),
                tuple((quiet.name, quiet.days if quiet.days is not None else _("never")) for quiet in pack.quiet),
                empty=_("No unit has open tasks.")),
        Section(_("Difficulties waiting for direction"), _("Difficulties"),
                _("Raised by units and not yet answered by a leader at the end of %(day)s, the longest waiting "
                  "first.", day=show_date(pack.as_of)),
                (_("Task"), _("Title"), _("Unit"), _("Raised"), _("Days waiting"), _("Difficulty")),
                tuple((f"#{d.task_id}", d.title, d.unit_name, show_datetime(d.at),
                       max(0, (pack.as_of - local_day(d.at, clock.local_zone())).days), d.text)
                      for d in pack.difficulties),
                empty=_("No difficulty is waiting.")),
        Section(_("Urges sent this week, and what followed"), _("Urges"),
                _("Each urge, and the unit's first update on the task after it."),
                (_("Task"), _("Title"), _("Unit"), _("Urged"), _("First update after")),
                tuple((f"#{u.task_id}", u.title, u.unit_name, show_datetime(u.at),
                       show_datetime(u.answered_at) if u.answered_at else _("no update yet")) for u in pack.urges),
                empty=_("No urge was sent this week."),
                more=_("%(n)s more urges were sent.", n=pack.urges_total - len(pack.urges))
                if pack.urges_total > len(pack.urges) else ""),
        _satisfaction(pack),
    ]
    if pack.unit_name is None:
        result.append(_ranking(pack))
    return result


def _short_list(title: str, sheet: str, rule: str, units) -> Section:
    return Section(title, sheet, rule,
                   (_("Unit"), _("State"), _("Overdue"), _("Overdue same day last week"), _("Oldest, days overdue"),
                    _("Done on time this week")),
                   tuple((u.name, severity_label(u.severity), u.overdue, u.overdue_before, u.max_days_overdue,
                          u.done_on_time) for u in units),
                   empty=_("No unit meets the rule."))


def conclusions_section(title: str, rule: str, rows: tuple[ConclusionRow, ...] | list[ConclusionRow],
                        as_of: date | None = None) -> Section:
    """Conclusions with their state: a directive's task (done, or open and overdue or not)."""
    def state(row: ConclusionRow) -> str:
        if row.task_id is None or row.task_status is None:
            return ""
        word = f"{status_label(row.task_status)} ({row.task_progress}%)"
        late = as_of is not None and row.task_status in ("not_started", "in_progress") \
            and row.task_due is not None and row.task_due < as_of
        return f"{word} · {_('Overdue')}" if late else word
    return Section(title, _("Conclusions"), rule,
                   (_("Unit"), _("Conclusion"), _("Text"), _("Deadline"), _("Task"), _("State")),
                   tuple((row.unit_name, kind_label(row.kind), row.text, row.due,
                          f"#{row.task_id}" if row.task_id else "", state(row)) for row in rows),
                   empty=_("No conclusion was recorded."))


def _satisfaction(pack: Pack) -> Section:
    total = pack.overview.satisfaction
    interval = total.interval
    rate = show_percent(total.rate)
    if interval is not None:
        rate += " " + _("(95%% interval %(low)s – %(high)s)", low=show_percent(interval[0]),
                        high=show_percent(interval[1]))
    if not total.enough:
        rate += " · " + _("not enough ratings")
    mean = "—" if total.mean is None else f"{total.mean:.2f}"
    rule = _("Citizens' ratings this week: %(n)s ratings, satisfied %(rate)s, mean score %(mean)s of 5. "
             "The latest visible comments (moderated comments are left out):", n=total.n, rate=rate, mean=mean)
    return Section(_("Citizens' satisfaction"), _("Satisfaction"), rule,
                   (_("Received"), _("Score"), _("Counter"), _("Unit"), _("Comment")),
                   tuple((show_datetime(c.at), c.score, c.point_label, c.unit_name, c.text) for c in pack.comments),
                   empty=_("No comment this week."))


def _ranking(pack: Pack) -> Section:
    return Section(_("Every attending unit"), _("Units"),
                   _("The attending units ranked by the overview's rule, this week to date."),
                   (_("Rank"), _("Unit"), _("State"), _("Done on time"), _("Done late"), _("Within deadline"),
                    _("Overdue"), _("On-time rate")),
                   tuple((row.rank or "—", row.name, severity_label(row.severity), row.done_on_time, row.done_late,
                          row.within_deadline, row.overdue,
                          None if row.on_time.rate is None else Percent(row.on_time.rate))
                         for row in pack.overview.ranking))


def conclusions_heading(meeting: Meeting) -> list[str]:
    return [f"{meeting_title(meeting)} — {_('Conclusions memo')}",
            _("Meeting: %(at)s · Attending: %(who)s", at=show_datetime(meeting.held_at),
              who=attending_label(meeting.attending)),
            _("Each unit carries out the conclusions below by their deadlines; directives are tasks on the "
              "dashboard and are followed up at the next briefing."),
            _("Made %(at)s by the Task Supervision Dashboard.", at=show_datetime(clock.now()))]
