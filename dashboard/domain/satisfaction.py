"""Citizen satisfaction: rate, Wilson interval, mean, minimum sample, dimensions."""
from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .vietnamese import sort_key

SCORES = (1, 2, 3, 4, 5)
LOW = 2  # scores 1 and 2: the dissatisfied, whose comment a leader may turn into a task
SATISFIED_SCORES = frozenset({4, 5})
DIMENSIONS = ("access", "procedure", "staff", "result", "feedback")  # SIPAS, in its order
MIN_SAMPLE = 30
Z_95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson score interval of a proportion; ``None`` when there is no observation."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # the interval always holds p; min/max only absorb rounding at p = 0 or 1
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


ScoreCounts = tuple[int, int, int, int, int]  # how many ratings scored 1, 2, 3, 4 and 5


def score_counts(counts: Iterable[int]) -> ScoreCounts:
    """The five counts of scores 1..5 (ValueError for any other number of them)."""
    one, two, three, four, five = counts
    return one, two, three, four, five


@dataclass(frozen=True, slots=True)
class Satisfaction:
    """Satisfaction of one point, unit or period from its score distribution."""

    counts: ScoreCounts  # number of visible ratings scoring 1..5
    min_sample: int = MIN_SAMPLE

    @property
    def n(self) -> int:
        return sum(self.counts)

    @property
    def satisfied(self) -> int:
        return self.counts[3] + self.counts[4]

    @property
    def enough(self) -> bool:
        return self.n >= self.min_sample

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.satisfied, self.n)

    @property
    def lower_bound(self) -> float | None:
        interval = self.interval
        return interval[0] if interval else None

    @property
    def mean(self) -> float | None:
        if not self.n:
            return None
        return sum(score * count for score, count in zip(SCORES, self.counts)) / self.n


def satisfaction_of(scores: Iterable[int | None], min_sample: int = MIN_SAMPLE) -> Satisfaction:
    """Satisfaction from individual scores; absent scores (``None``) are skipped."""
    counts = [0] * 5
    for score in scores:
        if score is None:
            continue
        if score not in SCORES:
            raise ValueError(f"score out of range: {score!r}")
        counts[score - 1] += 1
    return Satisfaction(score_counts(counts), min_sample)


def dimension_figures(ratings: Iterable[Mapping[str, int | None]],
                      min_sample: int = MIN_SAMPLE) -> dict[str, Satisfaction]:
    """Each SIPAS dimension's own satisfaction, over the ratings that scored it."""
    ratings = list(ratings)
    return {dim: satisfaction_of((r.get(dim) for r in ratings), min_sample) for dim in DIMENSIONS}


def rank_by_lower_bound(items: Sequence[tuple[str, Satisfaction]]) -> list[tuple[str, Satisfaction]]:
    """Items with enough ratings, best Wilson lower bound first, then by name."""
    eligible = [item for item in items if item[1].enough]
    return sorted(eligible, key=_lower_bound_key)


def _lower_bound_key(item: tuple[str, Satisfaction]) -> tuple:
    bound = item[1].lower_bound  # None only with no rating at all, enough when min_sample is 0: last
    return -(bound if bound is not None else -1.0), sort_key(item[0])


def may_follow_up(score: int, has_comment: bool, hidden: bool) -> bool:
    """A dissatisfied citizen's visible comment may become a task for the unit."""
    return score <= LOW and has_comment and not hidden


@dataclass(frozen=True, slots=True)
class FollowUps:
    """A period's dissatisfied comments, how many became a task by its end, and the median
    hours from the rating to its task (None when none did)."""

    low: int
    followed: int
    median_hours: float | None

    @property
    def share(self) -> float | None:
        return self.followed / self.low if self.low else None


def follow_ups(low: int, waits_in_hours: list[float]) -> FollowUps:
    return FollowUps(low, len(waits_in_hours), statistics.median(waits_in_hours) if waits_in_hours else None)
