"""Metric arithmetic against hand-computed examples."""

import pytest

from gsvlms_extract.reconcile.compare import Outcome
from gsvlms_extract.reconcile.metrics import (
    FieldScore,
    macro_average,
    micro_average,
    score_outcomes,
)

A, D, M, E, N = Outcome.agree, Outcome.disagree, Outcome.missed, Outcome.extra, Outcome.both_null


def test_field_score_by_hand():
    # 6 agree, 2 disagree, 1 missed, 1 extra, 3 both null
    score = FieldScore.from_outcomes("region", [A] * 6 + [D] * 2 + [M] + [E] + [N] * 3)
    assert (score.agree, score.disagree, score.missed, score.extra, score.both_null) == (
        6,
        2,
        1,
        1,
        3,
    )
    assert score.n == 13
    assert score.gold_present == 9
    assert score.emitted == 9
    assert score.accuracy == pytest.approx(6 / 9)
    assert score.precision == pytest.approx(6 / 9)
    assert score.recall == pytest.approx(6 / 9)
    assert score.f1 == pytest.approx(6 / 9)
    assert score.coverage == pytest.approx(8 / 9)


def test_precision_and_recall_differ_when_extras_and_misses_differ():
    score = FieldScore.from_outcomes("age_years", [A, A, A, M, M, E])
    assert score.precision == pytest.approx(3 / 4)
    assert score.recall == pytest.approx(3 / 5)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert score.coverage == pytest.approx(3 / 5)


def test_undefined_ratios_are_none_not_zero():
    score = FieldScore.from_outcomes("pain", [N, N])
    assert score.accuracy is None and score.precision is None and score.f1 is None
    only_extra = FieldScore.from_outcomes("pain", [E])
    assert only_extra.precision == 0.0
    assert only_extra.recall is None and only_extra.f1 is None
    wrong = FieldScore.from_outcomes("pain", [D])
    assert wrong.f1 == 0.0


def test_micro_pools_counts_and_macro_averages_defined_fields():
    scores = score_outcomes({"sex": [A, A, A, D], "side": [A, M], "pain": [N]})
    micro = micro_average(scores)
    assert micro.field == "micro"
    assert micro.counts() == {"agree": 4, "disagree": 1, "missed": 1, "extra": 0, "both_null": 1}
    assert micro.accuracy == pytest.approx(4 / 6)
    assert micro.precision == pytest.approx(4 / 5)
    macro = macro_average(scores)
    # sex 3/4, side 1/2; pain undefined and left out
    assert macro["accuracy"] == pytest.approx((0.75 + 0.5) / 2)
    assert macro["precision"] == pytest.approx((0.75 + 1.0) / 2)
    assert macro_average([FieldScore("pain", both_null=2)])["accuracy"] is None
