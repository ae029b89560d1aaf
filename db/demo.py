"""A realistic demo district (or province), deterministic from a seed, written with bulk inserts.

Histories are simulated per unit from a behaviour profile (reliable, chronically
late, silent for days), then each task's cached fields are computed with the same
pure logic the dashboard uses, so the cache always agrees with the history.
"""
from __future__ import annotations

import hashlib
import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, func, insert, select, update
from werkzeug.security import generate_password_hash

from dashboard.domain import briefings as briefing_logic
from dashboard.domain.buckets import is_done_on_time, is_on_time_after_extension
from dashboard.domain.history import existing_state_as_of
from dashboard.domain.model import DueChange, Status, TaskHistory, UnitChange, UpdateRecord
from dashboard.domain.policy import Role
from dashboard.domain.recommendations import ANSWER_DAYS, new_code
from dashboard.domain.rollups import rebuild_events

from . import demo_names as names
from . import recommendations, rollups
from .models import (
    Base,
    Briefing,
    BriefingConclusion,
    BriefingSchedule,
    Extension,
    FeedbackPoint,
    Rating,
    Recommendation,
    Task,
    TaskEdit,
    TaskUpdate,
    Unit,
    User,
)
from .portable import reset_sequences
from .rollups_models import DayOverdue, SnapshotDay, TaskSpan, UnitDayStates
from .search import fold, search_text

DEMO_PASSWORD = "demo2026"
HORIZON_DAYS = 16 * 7
DIMENSION_COLUMNS = ("dim_access", "dim_procedure", "dim_staff", "dim_result", "dim_feedback")


@dataclass(frozen=True)
class Scale:
    tasks_per_unit: int
    updates_per_task: float  # average intermediate updates of a task that is worked on
    ratings: int
    province: bool = False


SCALES = {
    "district": Scale(tasks_per_unit=47, updates_per_task=3.0, ratings=20_000),
    "province": Scale(tasks_per_unit=400, updates_per_task=10.0, ratings=2_000_000, province=True),
}


def slug(text: str) -> str:
    """ASCII, lowercase, hyphenated: "Thạch Đài" → "thach-dai"."""
    text = text.replace("Đ", "D").replace("đ", "d")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text.lower()).split())


@dataclass
class UnitPlan:
    id: int
    code: str
    name: str
    kind: str
    reliability: float  # chance a task is done by its due date
    silent_days: int  # days at the end with no update at all


def plan_units(rng: random.Random, province: bool) -> list[UnitPlan]:
    units: list[tuple[str, str, str]] = []
    if province:
        for name in names.PROVINCE_OFFICES:
            units.append((slug(name), name, "office"))
        seen = set()
        for first in names.PLACE_FIRST:
            for second in names.PLACE_SECOND:
                if first == second:
                    continue
                base = f"{first} {second}"
                seen.add(base)
                units.append(("xa-" + slug(base), f"UBND xã {base}", "commune"))
                if len(units) == 500:
                    break
            if len(units) == 500:
                break
    else:
        units += [(code, name, "office") for code, name in names.OFFICES]
        units += [(("tt-" if i == 0 else "xa-") + slug(n), ("UBND thị trấn " if i == 0 else "UBND xã ") + n,
                   "commune") for i, n in enumerate(["Thạch Hà"] + names.COMMUNES)]
    plans = []
    silent = set(rng.sample(range(len(units)), k=max(3, len(units) // 12)))
    for index, (code, name, kind) in enumerate(units):
        profile = rng.random()
        reliability = (0.93 + 0.06 * rng.random() if profile < 0.35 else
                       0.35 + 0.2 * rng.random() if profile > 0.85 else 0.65 + 0.25 * rng.random())
        plans.append(UnitPlan(index + 1, code, name, kind, reliability,
                              rng.randint(3, 7) if index in silent else 0))
    return plans


def person(rng: random.Random) -> str:
    return f"{rng.choice(names.FAMILY)} {rng.choice(names.MIDDLE)} {rng.choice(names.GIVEN)}"


class _Clock:
    """Turns a local day and a random office hour into a UTC moment."""

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def at(self, rng: random.Random, day: date, earliest: int = 7, latest: int = 17) -> datetime:
        minute = rng.randint(earliest * 60, latest * 60 - 1)
        local = datetime.combine(day, time(minute // 60, minute % 60, rng.randint(0, 59)), self.tz)
        return local.astimezone(UTC)


def _simulate_task(rng, clock, plan: UnitPlan, task_id: int, now: datetime, leader_id: int,
                   head_id: int, scale: Scale):
    """One task: its row, its edits, extensions and updates, and its history (``None`` when it
    would be assigned after ``now``: the demo never holds the future)."""
    today = now.astimezone(clock.tz).date()
    created = today - timedelta(days=rng.randint(0, HORIZON_DAYS - 1))
    if created.weekday() >= 5:  # tasks are assigned on working days
        created -= timedelta(days=created.weekday() - 4)
    duration = rng.choice([3, 5, 7, 7, 10, 14, 14, 21, 30, 45])
    due = created + timedelta(days=duration)
    created_at = clock.at(rng, created, 7, 10)
    if created_at > now:
        return None
    priority = rng.choices(["low", "normal", "high", "urgent"], [1, 6, 2, 1])[0]
    title = rng.choice(names.TASK_TITLES).format(
        period=rng.choice(["quý III", "quý IV", "tháng 10", "tháng 11", "6 tháng cuối năm"]),
        year=today.year, n=rng.randint(1, 4))
    edits = [dict(task_id=task_id, user_id=leader_id, created_at=created_at, day=created,
                  kind="assigned", title=title, lead_unit_id=plan.id, priority=priority,
                  start_date=created, due_date=due, reason="")]
    due_changes = [(created_at, DueChange(created, due))]
    extensions, updates = [], []

    if rng.random() < 0.05 and duration > 3:  # a leader moves the date
        edit_day = created + timedelta(days=rng.randint(1, duration - 1))
        moved_due = due + timedelta(days=rng.randint(3, 10)) if edit_day <= today else None
        edit_at = clock.at(rng, edit_day) if moved_due else None
        if moved_due is not None and edit_at is not None and edit_at <= now:  # edit_at implies moved_due
            due = moved_due
            edits.append({**edits[0], "created_at": edit_at, "day": edit_day, "kind": "edited",
                          "due_date": due, "reason": "Điều chỉnh theo chỉ đạo của lãnh đạo."})
            due_changes.append((edit_at, DueChange(edit_day, due)))

    on_time = rng.random() < plan.reliability
    worst_delay = 4 if plan.reliability > 0.9 else 10 if plan.reliability > 0.6 else 30
    finish = (due - timedelta(days=rng.randint(0, min(5, duration - 1))) if on_time
              else due + timedelta(days=rng.randint(1, worst_delay)))
    cancel_day = None
    if rng.random() < 0.02:
        cancel_day = created + timedelta(days=rng.randint(1, duration))

    if not on_time and rng.random() < 0.35:  # the unit asks for more time
        asked = max(created, due - timedelta(days=rng.randint(0, 2)))
        if asked <= today:
            decided = asked + timedelta(days=rng.randint(0, 3))
            new_due = due + timedelta(days=rng.randint(5, 15))
            asked_at = max(clock.at(rng, asked), created_at + timedelta(minutes=5))
            row = dict(task_id=task_id, requested_by_id=head_id, requested_at=asked_at,
                       old_due_date=due, new_due_date=new_due,
                       reason=rng.choice(names.EXTENSION_REASONS), state="pending",
                       decided_by_id=None, decided_at=None, decided_day=None, decision_note="")
            approved = rng.random() < 0.65 if decided <= today else None
            decided_at = max(clock.at(rng, decided), asked_at + timedelta(minutes=5)) \
                if approved is not None else None
            if decided_at and decided_at <= now:
                decided = decided_at.astimezone(clock.tz).date()
                row.update(state="approved" if approved else "rejected", decided_by_id=leader_id,
                           decided_at=decided_at, decided_day=decided,
                           decision_note="Đồng ý gia hạn." if approved else "Không đồng ý, đề nghị khẩn trương.")
                if approved:
                    due_changes.append((decided_at, DueChange(decided, new_due, True)))
                    if rng.random() < 0.7:
                        finish = new_due - timedelta(days=rng.randint(0, 3))
            if asked_at <= now:  # a later decision needs a request: decided_at > asked_at
                extensions.append(row)

    last_active = today - timedelta(days=plan.silent_days) if plan.silent_days else today
    worked = (today - created).days > 10 or rng.random() > 0.3  # recent tasks may not be started
    stop = min(finish, last_active, cancel_day or finish)
    if worked and stop > created:
        count = max(1, round(rng.gauss(scale.updates_per_task, 1.5)))
        span = (stop - created).days
        days = sorted(created + timedelta(days=rng.randint(1, span)) for _ in range(count))
        progress = 0
        for day in days:
            progress = min(95, progress + rng.randint(5, 35))
            updates.append(("in_progress", progress, day, rng.choice(names.UPDATE_NOTES)))
    if cancel_day and cancel_day <= last_active and cancel_day < finish:
        updates.append(("cancelled", updates[-1][1] if updates else 0, cancel_day,
                        "Hủy theo chỉ đạo: nội dung đã được lồng ghép vào nhiệm vụ khác."))
    elif worked and finish <= last_active and finish >= created:
        updates.append(("done", 100, finish, rng.choice(names.DONE_NOTES)))

    update_rows, records, last_at = [], [], None
    for status, progress, day, note in updates:
        moment = clock.at(rng, day)
        if last_at is not None and moment <= last_at:
            moment = last_at + timedelta(minutes=rng.randint(1, 30))
            day = moment.astimezone(clock.tz).date()
        if moment > now:
            break
        last_at = moment
        update_rows.append(dict(task_id=task_id, unit_id=plan.id, user_id=head_id, created_at=moment,
                                day=day, status=status, progress=progress, note=note))
        records.append(UpdateRecord(day, Status(status), progress, moment, plan.id))

    history = TaskHistory(
        task_id, created, tuple(change for _, change in sorted(due_changes, key=lambda p: p[0])),
        (UnitChange(created, plan.id),), tuple(records))
    state = existing_state_as_of(history, today)  # created on or before today
    source_ref = f"{rng.randint(100, 4500)}/UBND-" + rng.choice(["VP", "TCKH", "TNMT", "NV"])
    task = dict(
        id=task_id, title=title, description="", source_ref=source_ref,
        search_text=search_text(title, source_ref), expected_result=rng.choice(names.EXPECTED_RESULTS),
        responsible_official=person(rng) if rng.random() < 0.8 else None, lead_unit_id=plan.id,
        priority=priority, start_date=created, due_date=state.due, leader_due_date=state.leader_due,
        status=state.status.value, progress=state.progress, done_on=state.done_on,
        done_on_time=is_done_on_time(state),
        done_after_extension=is_on_time_after_extension(state) if state.done_on else None,
        created_by_id=leader_id, created_at=created_at, created_on=created,
        last_update_at=last_at, version=len(edits) + len(update_rows))
    return task, edits, extensions, update_rows, history


def _ratings_for_point(rng, clock, point_id: int, unit_id: int, count: int, now: datetime,
                       quality: float, case_counter: list[int]):
    rows = []
    today = now.astimezone(clock.tz).date()
    weights = [max(0.01, w) for w in (0.08 - 0.07 * quality, 0.1 - 0.08 * quality, 0.2 - 0.1 * quality,
                                      0.35, 0.27 + 0.3 * quality)]
    for _ in range(count):
        day = today - timedelta(days=rng.randint(0, HORIZON_DAYS - 1))
        if day.weekday() == 6:
            day -= timedelta(days=1)
        score = rng.choices((1, 2, 3, 4, 5), weights)[0]
        dims = dict.fromkeys(DIMENSION_COLUMNS)
        if rng.random() < 0.4:
            dims = {column: min(5, max(1, score + rng.choice((-1, 0, 0, 0, 1))))
                    for column in DIMENSION_COLUMNS}
        case_code = None
        if rng.random() < 0.3:
            case_counter[0] += 1
            case_code = f"HS-{today.year}-{case_counter[0]:07d}"
        hidden = rng.random() < 0.004
        created_at = clock.at(rng, day, 7, 17)
        if created_at > now:
            continue
        rows.append(dict(
            point_id=point_id, unit_id=unit_id, created_at=created_at, day=day,
            score=score, **dims,
            comment=(comment := rng.choice(names.COMMENTS[score]) if rng.random() < 0.12 else None),
            search_text=fold(comment) or None, case_code=case_code,
            device_hash=hashlib.sha256(rng.randbytes(16)).hexdigest(),
            hidden=hidden, hidden_reason="Bình luận có thông tin cá nhân." if hidden else None,
            hidden_by_id=None, hidden_at=None))
    return rows


def _recommendations(rng: random.Random, clock: _Clock, now: datetime, today: date,
                     points: dict[int, int]) -> list[dict]:
    """A few citizens' recommendations of the last month at the first ``points`` ({id: unit
    id}): the older ones answered (one late), one waiting for a leader's approval past its
    deadline, the newest waiting for an answer."""
    point_ids = sorted(points)
    rows = []
    for number, text in enumerate(names.RECOMMENDATIONS):
        day = today - timedelta(days=28 - 3 * number)
        created = min(clock.at(rng, day), now)
        due = recommendations.calendar_from(day.year).add_working_days(day, ANSWER_DAYS)
        state, answer, published = "received", None, None
        if number < len(names.ANSWERS):
            state, answer = "answered", names.ANSWERS[number]
            published = min(clock.at(rng, min(due + timedelta(days=2 if number == 1 else -3), today)), now)
        elif number == len(names.ANSWERS):
            state, answer = "awaiting_approval", "Đơn vị đã liên hệ và hướng dẫn ông/bà nộp hồ sơ trực tuyến."
        point = point_ids[number % len(point_ids)]
        rows.append(dict(
            id=number + 1, code=new_code(day.year, rng.choice), point_id=point, unit_id=points[point],
            created_at=created, day=day, due_day=due, text=text,
            contact=f"09{rng.randrange(10**8):08d}" if number % 2 else None, state=state, answer=answer,
            answered_by_id=1 if answer else None, published_at=published,
            published_day=published.astimezone(clock.tz).date() if published else None,
            version=2 if answer else 1, held=False, device_hash=None, address_hash=None))
    return rows


def _briefings(connection: Connection, rng: random.Random, units: list[UnitPlan], now: datetime, tz: ZoneInfo,
               write) -> None:
    """The weekly briefing on Mondays at 08:00: last Monday's, held, with a few conclusions, and
    the next one, whose pack opens with them."""
    schedule = briefing_logic.Schedule(0, time(8), "all", briefing_logic.PACK_HOURS)
    coming = briefing_logic.next_meeting(schedule, now, tz)
    held = coming - timedelta(days=7)
    connection.execute(insert(BriefingSchedule), [dict(id=1, weekday=0, at="08:00", attending="all",
                                                       pack_hours=schedule.pack_hours, active=True, updated_by_id=1,
                                                       updated_at=held - timedelta(days=30))])
    write(Briefing, [dict(id=number, held_at=at, attending="all", title="", pack_hours=schedule.pack_hours,
                          recurring=True, created_by_id=None, created_at=at - timedelta(days=8))
                     for number, at in ((1, held), (2, coming))])
    if held > now:  # the demo's first week: nothing was held yet
        return
    chosen = rng.sample(units, 3)
    said = [("reprimand", "Phê bình đơn vị chậm cập nhật tiến độ; khắc phục ngay trong tuần."),
            ("urge", "Đôn đốc hoàn thành các nhiệm vụ quá hạn trước cuộc giao ban tuần sau."),
            ("commendation", "Biểu dương đơn vị hoàn thành đúng hạn toàn bộ nhiệm vụ trong tuần.")]
    write(BriefingConclusion, [dict(briefing_id=1, unit_id=unit.id, kind=kind, text=text, due_date=None, task_id=None,
                                    created_by_id=1, created_at=held + timedelta(minutes=20 + 5 * number))
                               for number, (unit, (kind, text)) in enumerate(zip(chosen, said))])


def is_empty(connection: Connection) -> bool:
    return connection.scalar(select(func.count()).select_from(Unit)) == 0


def erase(connection: Connection) -> None:
    """Delete every row of every table (the schema stays), children before their parents."""
    for table in reversed(Base.metadata.sorted_tables):
        connection.execute(table.delete())


def generate(connection: Connection, *, now: datetime, tz: ZoneInfo, seed: int = 2026,
             scale: str = "district", progress=print) -> dict[str, int]:
    """Fill an empty, migrated database with the history up to the moment ``now`` (the
    moment it runs, from the clock): nothing is stamped later. Opened days later, it shows
    those days truthfully (silent units, more overdue tasks). Returns rows written per table."""
    plan = SCALES[scale]
    rng = random.Random(seed)
    clock = _Clock(tz)
    today = now.astimezone(tz).date()
    units = plan_units(rng, plan.province)
    password_hash = generate_password_hash(DEMO_PASSWORD)  # one hash: hashing is slow by design
    counts = dict.fromkeys(("units", "users", "tasks", "task_edits", "extensions", "task_updates",
                            "feedback_points", "ratings", "unit_day_states", "day_overdue",
                            "snapshot_days", "task_spans", "recommendations", "briefings",
                            "briefing_conclusions"), 0)

    def write(model, rows):
        for start in range(0, len(rows), 20_000):
            connection.execute(insert(model), rows[start:start + 20_000])
        counts[model.__tablename__] += len(rows)

    write(Unit, [dict(id=u.id, code=u.code, name=u.name, kind=u.kind, parent_id=None, active=True)
                 for u in units])
    users = [
        dict(id=1, username="leader", full_name="Nguyễn Văn Hùng", role=Role.LEADER.value, unit_id=None),
        dict(id=2, username="viewer", full_name="Trần Thị Mai", role=Role.VIEWER.value, unit_id=None),
        dict(id=3, username="admin", full_name="Lê Minh Tuấn", role=Role.ADMIN.value, unit_id=None),
    ]
    head_of = {}
    for u in units:
        head_of[u.id] = len(users) + 1
        users.append(dict(id=len(users) + 1, username=f"head.{u.code}", full_name=person(rng),
                          role=Role.UNIT_HEAD.value, unit_id=u.id))
    write(User, [dict(user, password_hash=password_hash, active=True, created_at=now) for user in users])

    task_id, case_counter, point_id = 0, [0], 0
    points_by_unit: dict[int, list[str]] = {}
    for code, label in names.POINT_LABELS_DISTRICT if not plan.province else []:
        unit = next(u for u in units if u.code == code)
        points_by_unit.setdefault(unit.id, []).append(label)
    for index, unit in enumerate(units):
        if unit.kind == "commune":
            labels = ["Bộ phận Một cửa"] + (["Quầy tiếp nhận 2"] if index % 5 == 0 else [])
            points_by_unit.setdefault(unit.id, []).extend(labels)
        elif plan.province:
            points_by_unit.setdefault(unit.id, []).extend(["Quầy 1", "Quầy 2"])
    total_points = sum(len(v) for v in points_by_unit.values())
    ratings_per_point = plan.ratings // total_points

    first_closed, last_closed = today - timedelta(days=HORIZON_DAYS), today - timedelta(days=1)
    for batch_start in range(0, len(units), 25):
        tasks, edits, extensions, updates, points, ratings = [], [], [], [], [], []
        histories = []
        for unit in units[batch_start:batch_start + 25]:
            unit_rng = random.Random(f"{seed}-{unit.code}")
            for _ in range(max(5, round(unit_rng.gauss(plan.tasks_per_unit, plan.tasks_per_unit / 4)))):
                simulated = _simulate_task(unit_rng, clock, unit, task_id + 1, now, 1,
                                           head_of[unit.id], plan)
                if simulated is None:
                    continue
                task_id += 1
                task, e, x, u, history = simulated
                tasks.append(task)
                histories.append(history)
                edits += e
                extensions += x
                updates += u
            quality = unit_rng.random()
            for number, label in enumerate(points_by_unit.get(unit.id, []), start=1):
                point_id += 1
                points.append(dict(id=point_id, unit_id=unit.id, code=f"{unit.code}-{number}",
                                   label=label, active=True, created_at=now))
                count = max(0, round(unit_rng.gauss(ratings_per_point, ratings_per_point / 3)))
                ratings += _ratings_for_point(unit_rng, clock, point_id, unit.id, count, now,
                                              quality, case_counter)
        write(Task, tasks)
        write(TaskEdit, edits)
        write(Extension, extensions)
        write(TaskUpdate, updates)
        write(FeedbackPoint, points)
        write(Rating, ratings)
        rollups.add_bulk_events(connection, rebuild_events(histories))
        write(TaskSpan, [row for history in histories for row in rollups.span_rows(history)])
        state_rows, overdue_rows = rollups.snapshot_days(histories, first_closed, last_closed)
        write(UnitDayStates, state_rows)
        write(DayOverdue, overdue_rows)
        progress(f"  units {min(batch_start + 25, len(units))}/{len(units)}: "
                 f"{counts['tasks']:,} tasks, {counts['task_updates']:,} updates, "
                 f"{counts['ratings']:,} ratings")
    closed_days = [first_closed + timedelta(days=n) for n in range(HORIZON_DAYS)]
    rollups.keep_to_date(connection, closed_days)
    write(SnapshotDay, [dict(day=day, computed_at=now) for day in closed_days])
    rollups.rebuild_ratings(connection)
    first_points = {point: unit for unit, point in connection.execute(  # the first point of four units
        select(FeedbackPoint.unit_id, func.min(FeedbackPoint.id)).group_by(FeedbackPoint.unit_id)
        .order_by(func.min(FeedbackPoint.id)).limit(4)).all()}
    write(Recommendation, _recommendations(random.Random(f"{seed}-recommendations"), clock, now, today,
                                           first_points))
    # Their units publish their results for citizens (/kq/).
    connection.execute(update(Unit).where(Unit.id.in_(first_points.values())).values(public_results=True))
    _briefings(connection, rng, units, now, tz, write)
    reset_sequences(connection, Base.metadata)  # rows above were written with their ids
    return counts
