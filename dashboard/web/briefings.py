"""The weekly briefing's pages (/briefings): the schedule and the meetings; a meeting's pack
(the district memo and each unit's, PDF and Excel); its conclusions, recorded during the
meeting, and their memo. Plain server-rendered forms with CSRF tokens: quick on a cheap phone,
printable, and every request asks the policy."""
from __future__ import annotations

import io
import re
import secrets

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from dashboard.domain import briefings as logic
from dashboard.domain.periods import local_day
from dashboard.domain.policy import Action
from dashboard.domain.rules import Invalid
from dashboard.domain.vietnamese import sort_key
from dashboard.packs import charts, memo, xlsx
from dashboard.services import briefing_pack
from db import briefings, unit_reads
from db.permission import NotAllowed
from layouts import briefing_words
from layouts.components import severity_label

from .. import clock, exports, paths
from ..access import allowed, current_actor, current_scope, require
from ..extensions import database
from ..i18n import show_date, show_datetime
from .plain_forms import CsrfOnlyForm, expired, problem_lines

bp = Blueprint("briefings", __name__)
FORM_MARK = re.compile(r"[A-Za-z0-9_-]{16,40}")


def weekday_names() -> list[str]:
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


def _meeting_or_404(briefing_id: int) -> briefings.Meeting:
    with database().session() as s:
        found = briefings.meeting(s, briefing_id)
    if found is None:
        abort(404)
    return found


def _list_page(status: int = 200, problems: list[str] | None = None, form_name: str = "", values=None):
    now, tz = clock.now(), clock.local_zone()
    with database().session() as s:
        chosen = briefings.schedule(s)
        coming = briefings.upcoming(s, now)
        held = briefings.past(s, now)
    next_at = logic.next_meeting(chosen, now, tz) if chosen else None
    return render_template(
        "briefings.html", schedule=chosen, next_at=next_at, upcoming=coming, past=held, form=CsrfOnlyForm(),
        reads_everything=current_scope().everything,
        may_plan=allowed(Action.PLAN_BRIEFINGS), weekdays=weekday_names(), problems=problems or [],
        form_name=form_name, values=values or {}, title_of=briefing_words.meeting_title,
        attending_label=briefing_words.attending_label,
        show_datetime=show_datetime, today=clock.today().isoformat(),
        ready_at=lambda m: logic.pack_ready_at(m.held_at, m.pack_hours),
        ready=lambda m: now >= logic.pack_ready_at(m.held_at, m.pack_hours)), status


@bp.route(paths.BRIEFINGS)
@require(Action.SEE_BRIEFINGS)
def index():
    return _list_page()


@bp.route(paths.BRIEFINGS + "/schedule", methods=["POST"])
@require(Action.PLAN_BRIEFINGS)
def set_schedule():
    if not CsrfOnlyForm().validate_on_submit():
        return _list_page(400, expired(), "schedule")
    try:
        chosen = None if request.form.get("stop") else logic.check_schedule(request.form)
        with database().transaction() as s:
            briefings.set_schedule(s, chosen, actor=current_actor(), now=clock.now(), tz=clock.local_zone())
    except Invalid as problem:
        return _list_page(400, problem_lines(problem.errors), "schedule", request.form)
    flash(_("The weekly briefing was saved; its next meeting is listed below.") if chosen
          else _("The weekly briefing was stopped: no new meeting will be made."), "success")
    return redirect(url_for("briefings.index"), 303)


@bp.route(paths.BRIEFINGS + "/new", methods=["POST"])
@require(Action.PLAN_BRIEFINGS)
def add():
    if not CsrfOnlyForm().validate_on_submit():
        return _list_page(400, expired(), "new")
    try:
        fields = logic.check_meeting(request.form, clock.local_zone(), clock.now())
        with database().transaction() as s:
            made = briefings.add_meeting(s, fields, actor=current_actor(), now=clock.now())
            made_id = made.id
    except Invalid as problem:
        return _list_page(400, problem_lines(problem.errors), "new", request.form)
    flash(_("The briefing was added."), "success")
    return redirect(url_for("briefings.show", briefing_id=made_id), 303)


def _readable_unit_ids() -> list[int] | None:
    """The units the person asking reads (None: every unit)."""
    scope = current_scope()
    return None if scope.everything else list(scope.unit_ids or ())


def _units_for(meeting: briefings.Meeting) -> list[tuple[int, str, str]]:
    """The attending units this person may read, in Vietnamese order."""
    scope = current_scope()
    with database().session() as s:
        units = briefings.attending_units(s, meeting.attending)
    return sorted((u for u in units if scope.allows(u[0])), key=lambda u: sort_key(u[2]))


def _meeting_page(meeting: briefings.Meeting, status: int = 200, problems: list[str] | None = None, values=None):
    now, tz = clock.now(), clock.local_zone()
    once = secrets.token_urlsafe(16)  # the form's one-time mark, kept with what it records
    units = _units_for(meeting)
    with database().session() as s:
        rows = briefings.conclusions(s, [meeting.id], _readable_unit_ids())
    return render_template(
        "briefing.html", meeting=meeting, title=briefing_words.meeting_title(meeting), units=units, conclusions=rows,
        form=CsrfOnlyForm(), once=once, may_run=allowed(Action.RUN_BRIEFING) and not meeting.cancelled,
        may_conclude=allowed(Action.RUN_BRIEFING) and not meeting.cancelled
        and clock.today() >= local_day(meeting.held_at, tz),
        may_plan=allowed(Action.PLAN_BRIEFINGS), reads_district=allowed(Action.SEE_OVERVIEW),
        problems=problems or [], values=values or {}, kinds=[(kind, briefing_words.kind_label(kind)) for kind in
                                                             logic.CONCLUSION_KINDS],
        ready_at=logic.pack_ready_at(meeting.held_at, meeting.pack_hours), now=now,
        as_of=logic.pack_day(local_day(meeting.held_at, tz), clock.today()),
        held_on=local_day(meeting.held_at, tz).isoformat(), attending_label=briefing_words.attending_label,
        kind_label=briefing_words.kind_label, show_datetime=show_datetime, show_date=show_date,
        task_path=paths.task), status


@bp.route(paths.BRIEFINGS + "/<int(max=2147483647):briefing_id>")
@require(Action.SEE_BRIEFINGS)
def show(briefing_id: int):
    return _meeting_page(_meeting_or_404(briefing_id))


@bp.route(paths.BRIEFINGS + "/<int(max=2147483647):briefing_id>/cancel", methods=["POST"])
@require(Action.PLAN_BRIEFINGS)
def cancel(briefing_id: int):
    meeting = _meeting_or_404(briefing_id)
    if not CsrfOnlyForm().validate_on_submit():
        return _meeting_page(meeting, 400, expired())
    try:
        with database().transaction() as s:
            briefings.cancel_meeting(s, briefing_id, actor=current_actor(), now=clock.now())
    except Invalid as problem:
        return _meeting_page(meeting, 409, problem_lines(problem.errors))
    except LookupError:
        abort(404)
    flash(_("The briefing was cancelled."), "success")
    return redirect(url_for("briefings.index"), 303)


@bp.route(paths.BRIEFINGS + "/<int(max=2147483647):briefing_id>/conclusions", methods=["POST"])
@require(Action.RUN_BRIEFING)
def conclude(briefing_id: int):
    meeting = _meeting_or_404(briefing_id)
    if not CsrfOnlyForm().validate_on_submit():
        return _meeting_page(meeting, 400, expired(),
                             request.form)
    mark = request.form.get("once", "")
    if not FORM_MARK.fullmatch(mark):
        return _meeting_page(meeting, 400, expired(), request.form)
    if meeting.cancelled:
        return _meeting_page(meeting, 409, [_("This briefing was cancelled: nothing can be recorded.")],
                             request.form)
    tz = clock.local_zone()
    held_on = local_day(meeting.held_at, tz)
    if clock.today() < held_on:
        return _meeting_page(meeting, 409, [_("Conclusions are recorded from the day of the meeting, %(day)s.",
                                              day=show_date(held_on))], request.form)
    try:
        fields = logic.check_conclusion(request.form, local_day(meeting.held_at, tz),
                                        {unit_id for unit_id, _c, _n in _units_for(meeting)})
        with database().transaction() as s:
            made = briefings.conclude(s, briefing_id, fields, actor=current_actor(), now=clock.now(), tz=tz,
                                      mark=mark)
            task_id = made.task_id if fields.kind == "directive" else None
    except IntegrityError:  # this very form was recorded already (a second tap): nothing more is kept
        flash(_("That form was already sent: what it recorded is in the list below."), "info")
        return redirect(url_for("briefings.show", briefing_id=briefing_id) + "#conclusions", 303)
    except Invalid as problem:
        return _meeting_page(meeting, 400, problem_lines(problem.errors), request.form)
    except NotAllowed:
        abort(403)
    except LookupError:
        return _meeting_page(meeting, 400, problem_lines({"task_id": "not_unit_task"}), request.form)
    if task_id:
        flash(_("The directive was recorded and assigned as task #%(id)s.", id=task_id), "success")
    else:
        flash(_("The conclusion was recorded."), "success")
    return redirect(url_for("briefings.show", briefing_id=briefing_id) + "#conclusions", 303)


def _remote_page(meeting: briefings.Meeting, screen_id: int | None, status: int = 200,
                 problems: list[str] | None = None):
    with database().session() as s:
        screens = briefings.screens(s, clock.today())
        order = briefing_pack.running_order(s, meeting)
    chosen = next((screen for screen in screens if screen.id == screen_id), screens[0] if screens else None)
    showing = chosen.unit_id if chosen is not None and chosen.briefing_id == meeting.id else None
    return render_template(
        "briefing_remote.html", meeting=meeting, title=briefing_words.meeting_title(meeting), screens=screens,
        chosen=chosen, order=order, showing=showing, form=CsrfOnlyForm(), problems=problems or [],
        severity_label=severity_label), status


@bp.route(paths.BRIEFINGS + "/<int(max=2147483647):briefing_id>/remote", methods=["GET", "POST"])
@require(Action.RUN_BRIEFING)
def remote(briefing_id: int):
    """A leader's phone as the meeting-room screen's remote: a unit, the next or the previous
    (red first), or the screen's own slides again."""
    meeting = _meeting_or_404(briefing_id)
    if request.method == "GET":
        return _remote_page(meeting, request.args.get("screen", type=int))
    screen_id = request.form.get("display_id", type=int)
    if not CsrfOnlyForm().validate_on_submit():
        return _remote_page(meeting, screen_id, 400, expired())
    if meeting.cancelled:
        return _remote_page(meeting, screen_id, 409, [_("This briefing was cancelled: nothing can be recorded.")])
    with database().session() as s:
        screens = {screen.id: screen for screen in briefings.screens(s, clock.today())}
        order = [unit.unit_id for unit in briefing_pack.running_order(s, meeting)]
    screen = screens.get(screen_id or 0)
    if screen is None:
        return _remote_page(meeting, None, 400, problem_lines({"display": "unknown_display"}))
    current = screen.unit_id if screen.briefing_id == meeting.id else None
    step = request.form.get("step")
    if request.form.get("end"):
        unit_id = None
    elif step in ("next", "previous") and order:
        unit_id = logic.step(order, current, forward=step == "next")
    else:
        unit_id = request.form.get("unit_id", type=int)
        if unit_id not in order:
            return _remote_page(meeting, screen.id, 400, problem_lines({"unit_id": "unknown_unit"}))
    try:
        with database().transaction() as s:
            briefings.drive(s, screen.id, meeting.id, unit_id, actor=current_actor(), now=clock.now(),
                            today=clock.today())
    except Invalid as problem:
        return _remote_page(meeting, screen.id, 400, problem_lines(problem.errors))
    return redirect(url_for("briefings.remote", briefing_id=meeting.id, screen=screen.id), 303)


def _download(data: bytes, mimetype: str, stem: str, meeting: briefings.Meeting, code: str, extension: str):
    day = local_day(meeting.held_at, clock.local_zone())
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                         download_name=exports.file_name(stem, day, code, extension=extension))
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _unit_id(code: str) -> int:
    with database().session() as s:
        unit = unit_reads.unit_by_code(s, code)
    if unit is None:
        abort(404)
    if not allowed(Action.SEE_UNIT, unit.id):
        abort(403)
    return unit.id


def _pack(meeting: briefings.Meeting, unit_id: int | None) -> briefing_pack.Pack:
    with database().session() as s:
        return briefing_pack.pack(s, meeting, unit_id)


PDF, XLSX = "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _memo_pdf(pack: briefing_pack.Pack) -> bytes:
    from dashboard.packs import pdf  # fpdf takes a fifth of a start-up: loaded with the first memo
    sections = memo.sections(pack)
    drawn = [(memo.BUCKETS, charts.buckets(pack))]
    if pack.unit_name is None:  # the district's daily activity closes its memo
        drawn.append((len(sections) - 1, charts.activity(pack)))
    return pdf.memo(memo.heading(pack), sections, drawn)


@bp.route(paths.BRIEFINGS + "/<int(max=2147483647):briefing_id>/pack.<kind>")
@require(Action.SEE_OVERVIEW)
def district_pack(briefing_id: int, kind: str):
    meeting = _meeting_or_404(briefing_id)
    if kind not in ("pdf", "xlsx"):
        abort(404)
    pack = _pack(meeting, None)
    if kind == "pdf":
        return _download(_memo_pdf(pack), PDF, _("briefing-memo"), meeting, "district", "pdf")
    return _download(xlsx.memo(memo.heading(pack), memo.sections(pack)), XLSX, _("briefing-memo"), meeting,
                     "district", "xlsx")


@bp.route(paths.BRIEFINGS + "/<int(max=2147483647):briefing_id>/units/<code>.<kind>")
@require(Action.SEE_BRIEFINGS)
def unit_pack(briefing_id: int, code: str, kind: str):
    meeting = _meeting_or_404(briefing_id)
    if kind not in ("pdf", "xlsx"):
        abort(404)
    pack = _pack(meeting, _unit_id(code))
    if kind == "pdf":
        return _download(_memo_pdf(pack), PDF, _("briefing-memo"), meeting, code, "pdf")
    return _download(xlsx.memo(memo.heading(pack), memo.sections(pack)), XLSX, _("briefing-memo"), meeting, code,
                     "xlsx")


@bp.route(paths.BRIEFINGS + "/<int(max=2147483647):briefing_id>/unit")
@require(Action.SEE_BRIEFINGS)
def chosen_unit(briefing_id: int):
    """The unit picker's plain GET form (it works without JavaScript): on to that unit's memo."""
    code, kind = request.args.get("unit", ""), request.args.get("kind", "pdf")
    if kind not in ("pdf", "xlsx"):
        kind = "pdf"
    return redirect(url_for("briefings.unit_pack", briefing_id=briefing_id, code=code, kind=kind), 303)


@bp.route(paths.BRIEFINGS + "/<int(max=2147483647):briefing_id>/conclusions.pdf")
@require(Action.SEE_BRIEFINGS)
def conclusions_pdf(briefing_id: int):
    """The conclusions memo (thông báo kết luận): every unit's commitments and deadlines (a
    unit head's copy holds their unit's)."""
    meeting = _meeting_or_404(briefing_id)
    with database().session() as s:
        rows = briefings.conclusions(s, [meeting.id], _readable_unit_ids())
    rows.sort(key=lambda row: (sort_key(row.unit_name), row.created_at, row.id))
    section = memo.conclusions_section(_("Conclusions by unit"), _("In the order of the units' names; a directive's "
                                                                   "task is on the dashboard under its number."), rows)
    from dashboard.packs import pdf
    data = pdf.memo(memo.conclusions_heading(meeting), [section])
    return _download(data, PDF, _("conclusions"), meeting, "", "pdf")


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
