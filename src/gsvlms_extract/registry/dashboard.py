"""The registry at a glance: one HTML page of the figures a registry publishes.

Cases by year of publication, sex and age, sites, sizes, treatment and adjuvant therapy,
Kaplan-Meier overall survival with the number at risk (lifelines), and completeness per
field. Charts are matplotlib SVGs embedded in the page: they scale to the page width (readable
at 420 px) and print as vectors. Needs the ``[review]`` extra (matplotlib, lifelines, jinja2).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from gsvlms_extract.errors import RegistryError
from gsvlms_extract.schema import CASE_FIELDS

__all__ = ["CHARTS", "dashboard_data", "dashboard_html", "write_dashboard"]

#: Chart ids in page order (the page has one <figure id="chart-ID"> per entry).
CHARTS = ("year", "sex_age", "site", "size", "treatment", "survival", "completeness")

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GSV-LMS registry at a glance</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0 auto; padding: .5rem 1rem; max-width: 64rem;
       color: #1a1a1a; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 28rem), 1fr));
        gap: 1rem; }
figure { margin: 0; border: 1px solid #ddd; border-radius: .4rem; padding: .4rem; }
figure svg { width: 100%; height: auto; } figcaption { font-weight: bold; margin-bottom: .2rem; }
.facts { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.facts li { background: #eef2f7; padding: .3rem .6rem; border-radius: .3rem; }
@media print { figure { break-inside: avoid; } .back { display: none; } }
</style></head><body>
{% if back %}<p class="back"><a href="{{ back }}">&larr; review queue</a></p>{% endif %}
<h1>GSV-LMS registry at a glance</h1>
<ul class="facts">{% for k, v in facts %}<li>{{ k }}: <b>{{ v }}</b></li>{% endfor %}</ul>
<div class="grid">
{% for id, title, svg in charts %}
<figure id="chart-{{ id }}"><figcaption>{{ title }}</figcaption>{{ svg|safe }}</figure>
{% endfor %}
</div></body></html>
"""


def dashboard_data(engine: Engine) -> pd.DataFrame:
    """The registry's cases, typed (numbers as numbers), merged/rejected cases left out."""
    from gsvlms_extract.registry.export import cases_frame, typed_frame

    return typed_frame(cases_frame(engine))


def _svg(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def _figure(ncols: int = 1, height: float = 3.2):  # noqa: ANN202
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "font.size": 10,
            "svg.fonttype": "none",
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt.subplots(1, ncols, figsize=(5.2, height), layout="constrained")


def _bars(ax: Any, counts: pd.Series, title: str = "", horizontal: bool = False) -> None:
    labels = [str(k).replace("_", " ") for k in counts.index]
    if horizontal:
        ax.barh(labels, counts.values, color="#3b6ea5")
        ax.invert_yaxis()
        for i, v in enumerate(counts.values):
            ax.text(v, i, f" {v}", va="center", fontsize=9)
    else:
        ax.bar(labels, counts.values, color="#3b6ea5")
        ax.tick_params(axis="x", labelrotation=30)
    if title:
        ax.set_title(title, fontsize=10)


def _chart_year(df: pd.DataFrame) -> str:
    fig, ax = _figure()
    years = df["year"].dropna().astype(int)
    decades = (years // 10 * 10).value_counts().sort_index()
    ax.bar([f"{d}s" for d in decades.index], decades.values, color="#3b6ea5")
    ax.tick_params(axis="x", labelrotation=45)
    ax.set_ylabel("cases")
    return _svg(fig)


def _chart_sex_age(df: pd.DataFrame) -> str:
    fig, (left, right) = _figure(2)
    _bars(left, df["sex"].dropna().value_counts().sort_index(), "sex")
    ages = df["age_years"].dropna().astype(float)
    right.hist(ages, bins=range(0, 101, 10), color="#3b6ea5", edgecolor="white")
    right.set_title(f"age (median {ages.median():.0f} y)" if len(ages) else "age", fontsize=10)
    right.set_xlabel("years")
    return _svg(fig)


def _chart_site(df: pd.DataFrame) -> str:
    fig, (left, right) = _figure(2)
    _bars(left, df["region"].dropna().value_counts(), "region", horizontal=True)
    _bars(right, df["side"].dropna().value_counts().sort_index(), "side")
    return _svg(fig)


def _chart_size(df: pd.DataFrame) -> str:
    fig, ax = _figure()
    sizes = df["size_mm"].dropna().astype(float)
    ax.hist(
        sizes, bins=range(0, int(max(sizes.max(), 10)) + 20, 20), color="#3b6ea5", edgecolor="white"
    )
    ax.set_xlabel("largest diameter (mm)")
    ax.set_ylabel("cases")
    if len(sizes):
        ax.set_title(f"median {sizes.median():.0f} mm (n={len(sizes)})", fontsize=10)
    return _svg(fig)


def _chart_treatment(df: pd.DataFrame) -> str:
    fig, (left, right) = _figure(2)
    _bars(left, df["operation"].dropna().value_counts(), "operation", horizontal=True)
    _bars(right, df["adjuvant"].dropna().value_counts(), "adjuvant", horizontal=True)
    return _svg(fig)


def survival_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Cases with both follow-up and outcome: months and whether death was observed."""
    known = df.dropna(subset=["followup_months", "outcome"])
    return pd.DataFrame(
        {
            "months": known["followup_months"].astype(float).to_numpy(),
            "died": (known["outcome"] == "dead").to_numpy(),
        }
    )


def _chart_survival(df: pd.DataFrame) -> str:
    from lifelines import KaplanMeierFitter
    from lifelines.plotting import add_at_risk_counts

    data = survival_frame(df)
    fig, ax = _figure(height=3.8)
    if data.empty:
        ax.text(0.5, 0.5, "no case has both follow-up and outcome", ha="center")
        return _svg(fig)
    km = KaplanMeierFitter(label=f"overall survival (n={len(data)})")
    km.fit(data["months"], data["died"])
    km.plot_survival_function(ax=ax, ci_show=True, show_censors=True, color="#3b6ea5")
    ax.set_xlabel("months since diagnosis")
    ax.set_ylabel("surviving")
    ax.set_ylim(0, 1.05)
    add_at_risk_counts(km, ax=ax, rows_to_show=["At risk"], fig=fig)
    return _svg(fig)


def completeness(df: pd.DataFrame) -> pd.Series:
    """Share of cases with a value, per case field (case_id left out)."""
    fields = [f for f in CASE_FIELDS if f != "case_id"]
    return df[fields].notna().mean().sort_values()


def _chart_completeness(df: pd.DataFrame) -> str:
    share = completeness(df) * 100
    fig, ax = _figure(height=4.6)
    ax.barh([f.replace("_", " ") for f in share.index], share.values, color="#3b6ea5")
    for i, v in enumerate(share.values):
        ax.text(v, i, f" {v:.0f}%", va="center", fontsize=8)
    ax.set_xlim(0, 115)
    ax.set_xlabel("% of cases with a value")
    return _svg(fig)


def dashboard_html(engine: Engine, *, back: str | None = None) -> str:
    """The dashboard page (self-contained HTML, charts inline)."""
    from jinja2 import Environment

    df = dashboard_data(engine)
    if df.empty:
        raise RegistryError("the registry has no case to chart")
    charts = [
        ("year", "Cases by decade of publication", _chart_year(df)),
        ("sex_age", "Sex and age at diagnosis", _chart_sex_age(df)),
        ("site", "Tumour site", _chart_site(df)),
        ("size", "Tumour size", _chart_size(df)),
        ("treatment", "Treatment and adjuvant therapy", _chart_treatment(df)),
        ("survival", "Overall survival (Kaplan-Meier, number at risk)", _chart_survival(df)),
        ("completeness", "Completeness per field", _chart_completeness(df)),
    ]
    facts = [
        ("cases", len(df)),
        ("from Table 1", int((df["origin"] == "gold").sum())),
        ("new from reports", int((df["origin"] == "extraction").sum())),
        ("awaiting review", int(df["needs_review"].fillna(False).sum())),
        ("open conflicts", int(df["open_conflicts"].sum())),
    ]
    template = Environment(autoescape=True).from_string(_PAGE)
    return template.render(charts=charts, facts=facts, back=back)


def write_dashboard(engine: Engine, path: str | Path) -> Path:
    path = Path(path)
    html = dashboard_html(engine)
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot write dashboard ({exc.strerror})") from None
    return path
