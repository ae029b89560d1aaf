"""The per-task definitions of docs/DESIGN.md, with a fixed day."""
import pytest

from dashboard.domain.buckets import (
    bucket_of,
    count_buckets,
    days_overdue,
    is_done_on_time,
    is_due_soon,
    is_on_time_after_extension,
    is_overdue,
)
from dashboard.domain.history import state_as_of
from dashboard.domain.model import Bucket, Status

from .domain_helpers import d, task


def test_state_before_the_task_existed_is_none():
    assert state_as_of(task("2026-03-10", "2026-03-20"), d("2026-03-09")) is None


def test_state_uses_only_updates_up_to_the_day():
    history = task("2026-03-01", "2026-03-20",
                   ("2026-03-02", "in_progress", 30), ("2026-03-05", "in_progress", 70))
    assert state_as_of(history, d("2026-03-01")).progress == 0
    assert state_as_of(history, d("2026-03-04")).progress == 30
    assert state_as_of(history, d("2026-03-05")).progress == 70


def test_done_means_progress_100():
    history = task("2026-03-01", "2026-03-20", ("2026-03-02", "done", 40))
    assert state_as_of(history, d("2026-03-02")).progress == 100


@pytest.mark.parametrize("day, expected", [
    ("2026-03-20", False),  # the due day itself is not overdue
    ("2026-03-21", True),
])
def test_overdue_starts_the_day_after_the_due_date(day, expected):
    state = state_as_of(task("2026-03-01", "2026-03-20"), d(day))
    assert is_overdue(state, d(day)) is expected


def test_days_overdue_is_day_minus_due_date():
    state = state_as_of(task("2026-03-01", "2026-03-20"), d("2026-03-28"))
    assert days_overdue(state, d("2026-03-28")) == 8


@pytest.mark.parametrize("day, expected", [
    ("2026-03-16", False), ("2026-03-17", True), ("2026-03-20", True), ("2026-03-21", False),
])
def test_due_soon_is_within_three_days_inclusive(day, expected):
    state = state_as_of(task("2026-03-01", "2026-03-20"), d(day))
    assert is_due_soon(state, d(day)) is expected


def test_cancelled_task_is_neither_open_overdue_nor_bucketed():
    history = task("2026-03-01", "2026-03-05", ("2026-03-03", "cancelled", 10))
    state = state_as_of(history, d("2026-03-10"))
    assert not state.is_open
    assert not is_overdue(state, d("2026-03-10"))
    assert bucket_of(state, d("2026-03-10")) is None
    # before the cancellation it was a normal open task
    assert bucket_of(state_as_of(history, d("2026-03-02")), d("2026-03-02")) is Bucket.WITHIN_DEADLINE


def test_done_on_the_due_date_is_on_time_and_the_day_after_is_late():
    on_time = state_as_of(task("2026-03-01", "2026-03-10", ("2026-03-10", "done", 100)), d("2026-03-31"))
    late = state_as_of(task("2026-03-01", "2026-03-10", ("2026-03-11", "done", 100)), d("2026-03-31"))
    assert bucket_of(on_time, d("2026-03-31")) is Bucket.DONE_ON_TIME
    assert bucket_of(late, d("2026-03-31")) is Bucket.DONE_LATE


def test_extension_approved_after_the_original_due_date():
    history = task("2026-03-01", "2026-03-10", ("2026-03-15", "done", 100),
                   due_changes=[("2026-03-13", "2026-03-20", True)])
    # as of the 12th the task was overdue, and that past day never changes
    assert is_overdue(state_as_of(history, d("2026-03-12")), d("2026-03-12"))
    state = state_as_of(history, d("2026-03-31"))
    assert is_done_on_time(state)
    assert is_on_time_after_extension(state)
    assert bucket_of(state, d("2026-03-31")) is Bucket.DONE_ON_TIME


def test_leader_edit_of_due_date_is_not_an_extension():
    history = task("2026-03-01", "2026-03-10", ("2026-03-15", "done", 100),
                   due_changes=[("2026-03-05", "2026-03-20", False)])
    state = state_as_of(history, d("2026-03-31"))
    assert is_done_on_time(state)
    assert not is_on_time_after_extension(state)


def test_a_leaders_edit_that_keeps_the_extended_due_date_leaves_the_extension_an_extension():
    """A title changed after an extension carries the due date in effect: no deadline of the
    leader's own, so the task is still done on time *after extension*."""
    history = task("2026-03-01", "2026-03-10", ("2026-03-15", "done", 100),
                   due_changes=[("2026-03-08", "2026-03-20", True), ("2026-03-09", "2026-03-20", False)])
    state = state_as_of(history, d("2026-03-31"))
    assert (state.due, state.leader_due) == (d("2026-03-20"), d("2026-03-10"))
    assert is_done_on_time(state) and is_on_time_after_extension(state)
    moved = task("2026-03-01", "2026-03-10", ("2026-03-15", "done", 100),
                 due_changes=[("2026-03-08", "2026-03-20", True), ("2026-03-09", "2026-03-25", False)])
    assert not is_on_time_after_extension(state_as_of(moved, d("2026-03-31")))  # the leader's own new date


def test_extension_approved_after_done_does_not_make_it_on_time():
    history = task("2026-03-01", "2026-03-10", ("2026-03-12", "done", 100),
                   due_changes=[("2026-03-14", "2026-03-20", True)])
    assert not is_done_on_time(state_as_of(history, d("2026-03-31")))


def test_reopened_task_uses_its_latest_completion():
    history = task("2026-03-01", "2026-03-10", ("2026-03-08", "done", 100),
                   ("2026-03-09", "in_progress", 80), ("2026-03-12", "done", 100))
    assert state_as_of(history, d("2026-03-09")).done_on is None
    state = state_as_of(history, d("2026-03-31"))
    assert state.done_on == d("2026-03-12")
    assert bucket_of(state, d("2026-03-31")) is Bucket.DONE_LATE


def test_reassignment_moves_the_task_to_the_new_unit_from_that_day():
    history = task("2026-03-01", "2026-03-20", unit=1, unit_changes=[("2026-03-05", 2)])
    assert state_as_of(history, d("2026-03-04")).unit_id == 1
    assert state_as_of(history, d("2026-03-05")).unit_id == 2


def test_bucket_counts_split_not_started_and_extension_subsets():
    day = d("2026-03-15")
    histories = [
        task("2026-03-01", "2026-03-17"),  # within, not started, due soon
        task("2026-03-01", "2026-03-18", ("2026-03-02", "in_progress", 10)),  # within, due soon
        task("2026-03-01", "2026-03-19", ("2026-03-02", "in_progress", 10)),  # within, not soon
        task("2026-03-01", "2026-03-05"),  # overdue 10 days
        task("2026-03-01", "2026-03-10", ("2026-03-09", "done", 100)),  # on time
        task("2026-03-01", "2026-03-10", ("2026-03-12", "done", 100),
             due_changes=[("2026-03-11", "2026-03-12", True)]),  # on time after extension
        task("2026-03-01", "2026-03-10", ("2026-03-11", "done", 100)),  # late
        task("2026-03-01", "2026-03-10", ("2026-03-02", "cancelled", 0)),  # left out
        task("2026-03-16", "2026-03-30"),  # not yet created
    ]
    states = [s for h in histories if (s := state_as_of(h, day)) is not None]
    counts = count_buckets(states, day)
    assert (counts.done_on_time, counts.done_late, counts.within_deadline, counts.overdue) == (2, 1, 3, 1)
    assert counts.not_started == 1
    assert counts.on_time_after_extension == 1
    assert counts.due_soon == 2
    assert counts.max_days_overdue == 10
    assert counts.total == 7 and counts.open == 4


def test_status_values_are_the_design_words():
    assert [s.value for s in Status] == ["not_started", "in_progress", "done", "cancelled"]


@pytest.mark.parametrize("before, after, undoes", [
    (("in_progress", 95), ("in_progress", 60), True),  # one wrong tap lowers it
    (("in_progress", 60), ("in_progress", 60), False),
    (("in_progress", 60), ("done", 100), False),
    (("done", 100), ("in_progress", 100), True),  # a finished task reopened
    (("done", 100), ("done", 100), False),
    (("in_progress", 80), ("cancelled", 80), False),  # a leader's cancel has its own reason
    (("not_started", 0), ("in_progress", 10), False),
])
def test_a_change_that_takes_work_back_is_recognised(before, after, undoes):
    from dashboard.domain.rules import undoes_work
    assert undoes_work(*before, *after) is undoes
