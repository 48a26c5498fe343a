"""The claims evaluator on small hand-made tables, and claims-file validation."""

import pytest
import yaml

from gsvlms_extract.errors import GoldError
from gsvlms_extract.gold.audit import at_precision, audit_claims, compute, reproduces
from gsvlms_extract.gold.claims import ClaimSet, Compute, load_claims
from gsvlms_extract.schema import CaseRecord

RECORDS = [
    CaseRecord(case_id=1, sex="M", age_years=20, metastasis=[], followup_months=10),
    CaseRecord(
        case_id=2,
        sex="F",
        age_years=40,
        metastasis=["lung", "liver"],
        sizes_mm=[10, 30],
        size_mm=30,
    ),
    CaseRecord(
        case_id=3,
        sex="F",
        age_years=60,
        metastasis=None,
        followup_months=70,
        adjuvant="radiotherapy",
    ),
    CaseRecord(case_id=4, age_years=None, metastasis=["lung"], local_recurrence=True),
]
POPULATIONS = {"lit": {"cases": [1, 3]}, "all": {"cases": [1, 4]}}


def _value(**spec):
    claims = ClaimSet.model_validate({"populations": POPULATIONS, "claims": []})
    return compute(RECORDS, Compute.model_validate(spec), claims)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"population": "lit", "stat": "count", "where": [{"field": "sex", "eq": "F"}]}, 2),
        ({"population": "all", "stat": "count", "where": [{"field": "sex", "reported": False}]}, 1),
        (
            {
                "population": "all",
                "stat": "count",
                "where": [{"field": "metastasis", "nonempty": True}],
            },
            2,
        ),
        (
            {
                "population": "all",
                "stat": "count",
                "where": [{"field": "metastasis", "contains": "lung"}],
            },
            2,
        ),
        ({"population": "all", "stat": "count", "where": [{"field": "age_years", "ge": 40}]}, 2),
        (
            {
                "population": "all",
                "stat": "count",
                "where": [{"field": "adjuvant", "in": ["radiotherapy"]}],
            },
            1,
        ),
        (
            {"population": "all", "stat": "count", "where": [{"not": {"field": "sex", "eq": "M"}}]},
            3,
        ),
        (
            {
                "population": "all",
                "stat": "count",
                "where": [
                    {
                        "any": [
                            {"field": "local_recurrence", "eq": True},
                            {"field": "case_id", "eq": 1},
                        ]
                    }
                ],
            },
            2,
        ),
        (
            {
                "population": "lit",
                "stat": "percent",
                "where": [{"field": "metastasis", "reported": True}],
                "of": [{"field": "metastasis", "nonempty": True}],
            },
            50.0,
        ),
        ({"population": "lit", "stat": "mean", "field": "age_years"}, 40.0),
        ({"population": "lit", "stat": "sd", "field": "age_years"}, 20.0),  # sample SD
        ({"population": "all", "stat": "min", "field": "age_years"}, 20.0),
        ({"population": "all", "stat": "max", "field": "followup_months"}, 70.0),
        ({"population": "all", "stat": "mean", "field": "sizes_mm"}, 20.0),  # every lesion
        ({"population": "all", "stat": "distinct", "fields": ["sex"]}, 3),  # M, F, None
    ],
)
def test_statistics(spec, expected):
    assert _value(**spec) == pytest.approx(expected)


def test_undefined_statistics_are_none():
    assert _value(population="all", stat="sd", field="size_mm") is None
    assert _value(population="all", stat="mean", field="year") is None


@pytest.mark.parametrize(
    ("value", "printed", "ok"),
    [
        (55.642857, "55.64", True),
        (52.843121, "52.847", False),
        (52.843121, "52.84", True),
        (48.2142857, "48.2", True),
        (2.0, "2.0", True),
        (0.125, "0.13", True),  # half-up, not banker's rounding
        (None, "1", False),
    ],
)
def test_reproduces_at_printed_precision(value, printed, ok):
    assert reproduces(value, printed) is ok


def test_at_precision_keeps_printed_decimals():
    assert str(at_precision(2.0, "2.0")) == "2.0"
    assert str(at_precision(91.8367, "90")) == "92"


def test_audit_reports_difference_and_working_alternative():
    claims = ClaimSet.model_validate(
        {
            "populations": POPULATIONS,
            "claims": [
                {
                    "id": "women",
                    "section": "s",
                    "quote": "three women",
                    "printed": "3",
                    "compute": {
                        "population": "lit",
                        "stat": "count",
                        "where": [{"field": "sex", "eq": "F"}],
                    },
                    "alternatives": [
                        {
                            "label": "sex not reported counted",
                            "compute": {
                                "population": "all",
                                "stat": "count",
                                "where": [{"not": {"field": "sex", "eq": "M"}}],
                            },
                        }
                    ],
                }
            ],
        }
    )
    [result] = audit_claims(RECORDS, claims)
    assert (result.reproduces, result.recomputed, result.difference) == (False, 2.0, -1.0)
    assert result.alternatives[0].reproduces
    assert "reproduces if sex not reported counted" in result.note


def test_population_beyond_the_table_is_an_error():
    claims = ClaimSet.model_validate({"populations": {"big": {"cases": [1, 9]}}, "claims": []})
    with pytest.raises(GoldError, match="lacks case"):
        audit_claims(RECORDS, claims)


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ({"compute": {"stat": "mean"}}, "needs a numeric 'field'"),
        ({"compute": {"stat": "percent"}}, "'of'"),
        ({"compute": {"stat": "count", "where": [{"field": "colour", "eq": 1}]}}, "unknown field"),
        (
            {"compute": {"stat": "count", "where": [{"field": "sex", "eq": "M", "ne": "F"}]}},
            "exactly one",
        ),
        ({"compute": {"stat": "count", "population": "mars"}}, "unknown population"),
        ({"printed": "many", "compute": {"stat": "count"}}, "not a number"),
        ({"compute": {"stat": "count", "how": "magic"}}, "how"),
    ],
)
def test_invalid_claims_files(tmp_path, claim, message):
    full = {"id": "x", "section": "s", "quote": "q", "printed": "1", **claim}
    path = tmp_path / "claims.yaml"
    path.write_text(
        yaml.safe_dump({"populations": {"literature": {"cases": [1, 2]}}, "claims": [full]}),
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match=message) as info:
        load_claims(path)
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)
