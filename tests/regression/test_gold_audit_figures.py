"""The review audit on the real gold table: figures pinned, quotes checked against the article."""

import json
from pathlib import Path

import pytest

from gsvlms_extract.gold import load_gold
from gsvlms_extract.gold.audit import audit_claims, missing_quotes, results_as_dicts, write_json
from gsvlms_extract.gold.claims import load_claims
from gsvlms_extract.ingest import load_document

ROOT = Path(__file__).parents[2]
GOLD = ROOT / "gold"


@pytest.fixture(scope="module")
def audit():
    claims = load_claims(GOLD / "review_claims.yaml")
    records = load_gold(GOLD / "table1.csv", GOLD / "corrections.yaml")
    return claims, {r.id: r for r in audit_claims(records, claims)}


def test_every_quote_is_in_the_article(audit):
    claims, _ = audit
    text = load_document(ROOT / claims.article).text
    assert missing_quotes(claims, text) == []


def test_audit_figures_snapshot(audit, data_regression):
    _, results = audit
    rows = sorted(results_as_dicts(list(results.values())), key=lambda row: row["id"])
    data_regression.check({"claims": rows})


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("men", 27),
        ("women", 29),
        ("age_mean", 55.6429),
        ("age_sd", 16.4299),
        ("followed_up", 43),
        ("followup_mean", 37.5349),
        ("followup_over_5y", 9),
        ("deaths", 7),
        ("local_recurrence", 5),
        ("metastasis", 11),
        ("history_unknown", 11),
        ("metastasis_pct", 24.4444),
        ("site_thigh", 28),
        ("site_groin", 10),
        ("site_shank", 9),
        ("site_ankle", 3),
        ("site_knee", 1),
        ("site_not_reported", 5),
    ],
)
def test_required_claims_reproduce(audit, claim, value):
    _, results = audit
    assert results[claim].reproduces
    assert results[claim].recomputed == pytest.approx(value, abs=5e-5)


@pytest.mark.parametrize(
    ("claim", "recomputed"),
    [
        ("followup_sd", 52.8431),  # printed 52.847
        ("size_mean", 49.375),  # printed 48.69
        ("size_sd", 32.5234),  # printed 32.37
        ("adjuvant_not_reported", 12),  # printed nine
        ("metastasis_heart", 2),  # printed one
        ("metastasis_bone", 2),  # printed one
        ("discussion_age_mean", 55.3158),  # printed 55.89
        ("discussion_adjuvant", 18),  # printed 17
        ("discussion_adjuvant_no_relapse", 7),  # printed "none"
        ("discussion_calf", 0),  # Table 1 prints 'Left thigh' for case 57
    ],
)
def test_claims_that_do_not_reproduce(audit, claim, recomputed):
    _, results = audit
    assert not results[claim].reproduces
    assert results[claim].recomputed == pytest.approx(recomputed, abs=5e-5)


def test_json_output(audit, tmp_path):
    claims, results = audit
    path = tmp_path / "audit.json"
    write_json(path, claims, list(results.values()))
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["total"] == len(claims.claims)
    assert payload["reproduced"] == sum(r.reproduces for r in results.values())
    assert payload["conventions"] == claims.conventions
