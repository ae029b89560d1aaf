"""Satisfaction definitions: rate, Wilson interval, mean, minimum sample, dimensions."""
import pytest

from dashboard.domain.satisfaction import (
    Satisfaction,
    dimension_figures,
    rank_by_lower_bound,
    satisfaction_of,
    wilson_interval,
)


def test_satisfied_means_four_or_five():
    result = satisfaction_of([1, 2, 3, 4, 5])
    assert result.satisfied == 2
    assert result.rate == pytest.approx(0.4)
    assert result.mean == pytest.approx(3.0)


def test_wilson_interval_matches_a_known_value():
    # 8 of 10: the textbook 95 % Wilson interval is [0.4902, 0.9433]
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)


def test_wilson_interval_of_nothing_is_none_and_bounds_are_clamped():
    assert wilson_interval(0, 0) is None
    assert wilson_interval(0, 5)[0] == 0.0
    assert wilson_interval(5, 5)[1] <= 1.0


def test_below_the_minimum_sample_is_not_enough():
    assert not satisfaction_of([5] * 29).enough
    assert satisfaction_of([5] * 30).enough
    assert satisfaction_of([5] * 3, min_sample=3).enough


def test_empty_satisfaction_is_undefined_not_zero():
    empty = satisfaction_of([])
    assert empty.rate is None and empty.mean is None and empty.lower_bound is None


def test_ranking_by_lower_bound_beats_a_tiny_perfect_sample():
    tiny = Satisfaction((0, 0, 0, 0, 3), min_sample=3)
    large = Satisfaction((10, 10, 20, 100, 160), min_sample=3)
    assert tiny.rate > large.rate
    assert [name for name, _ in rank_by_lower_bound([("tiny", tiny), ("large", large)])] == ["large", "tiny"]


def test_ranking_leaves_out_units_without_enough_ratings():
    few = Satisfaction((0, 0, 0, 0, 5))
    assert rank_by_lower_bound([("few", few)]) == []


def test_dimensions_use_only_the_ratings_that_scored_them():
    ratings = [{"access": 5, "staff": 2}, {"access": 4}, {"access": None, "result": 1}]
    figures = dimension_figures(ratings, min_sample=1)
    assert figures["access"].n == 2 and figures["access"].rate == 1.0
    assert figures["staff"].n == 1 and figures["staff"].rate == 0.0
    assert figures["procedure"].n == 0 and figures["procedure"].rate is None
    assert set(figures) == {"access", "procedure", "staff", "result", "feedback"}


def test_out_of_range_score_is_refused():
    with pytest.raises(ValueError):
        satisfaction_of([6])
