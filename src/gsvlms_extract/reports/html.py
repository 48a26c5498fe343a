"""The evaluation as ONE self-contained HTML page (no external assets, no network).

Static tables are written here (HTML-escaped); the per-field accuracy bar chart is drawn in the
browser by an inline script from the report's JSON embedded in the page, as inline SVG.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from gsvlms_extract.reports.text import field_rows, format_ratio, format_value, split_evidence

__all__ = ["render_html", "write_html"]

_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
td.num{text-align:right}
table.confusion{display:inline-table;margin-right:1.5rem}
td.muted{min-width:14rem}
tr.total{font-weight:bold}
mark{background:#ffe066}
.dis{border-left:4px solid #c0392b;padding:.25rem .75rem;margin:.75rem 0}
.ok{border-left:4px solid #27ae60;padding:.25rem .75rem;margin:.75rem 0}
.muted{color:#777}
svg text{font-size:12px}
"""

# Draws one <rect class="bar"> per field into #accuracy-chart from the embedded JSON.
_JS = """
(function () {
  var report = JSON.parse(document.getElementById('report-data').textContent);
  var ns = 'http://www.w3.org/2000/svg';
  var rows = report.fields;
  var barH = 18, gap = 6, left = 150, width = 400;
  var svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('width', left + width + 80);
  svg.setAttribute('height', rows.length * (barH + gap) + gap);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'Per-field accuracy');
  rows.forEach(function (row, i) {
    var y = gap + i * (barH + gap);
    var label = document.createElementNS(ns, 'text');
    label.setAttribute('x', 0); label.setAttribute('y', y + barH - 5);
    label.textContent = row.field;
    svg.appendChild(label);
    var acc = row.accuracy;
    var bar = document.createElementNS(ns, 'rect');
    bar.setAttribute('class', 'bar');
    bar.setAttribute('data-field', row.field);
    bar.setAttribute('data-accuracy', acc === null ? '' : acc);
    bar.setAttribute('x', left); bar.setAttribute('y', y);
    bar.setAttribute('height', barH);
    bar.setAttribute('width', acc === null ? 0 : Math.round(acc * width));
    var colour = acc >= 0.9 ? '#27ae60' : acc >= 0.7 ? '#f39c12' : '#c0392b';
    bar.setAttribute('fill', acc === null ? '#ccc' : colour);
    svg.appendChild(bar);
    var value = document.createElementNS(ns, 'text');
    value.setAttribute('x', left + (acc === null ? 0 : acc * width) + 6);
    value.setAttribute('y', y + barH - 5);
    value.textContent = acc === null ? 'n/a (no gold values)' : (acc * 100).toFixed(1) + '%';
    svg.appendChild(value);
  });
  document.getElementById('accuracy-chart').appendChild(svg);
})();
"""


def _cell(value: Any) -> str:
    """A JSON value in the CSV cell form `gsvlms gold correct` reads ('liver;lung', 'none')."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_cell(v) for v in value) if value else "none"
    return str(value)


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _scores(report: dict[str, Any]) -> str:
    heads = [
        "field",
        "agree",
        "disagree",
        "missed",
        "extra",
        "both null",
        "accuracy",
        "precision",
        "recall",
        "F1",
        "coverage",
        "rule",
    ]
    out = ['<table id="field-scores"><thead><tr>']
    out += [f"<th>{_e(h)}</th>" for h in heads]
    out.append("</tr></thead><tbody>")
    for row in field_rows(report):
        total = row["field"] == "micro"
        rule = report["rules"].get(row["field"], {}).get("description", "all fields pooled")
        cells = [f"<td>{_e(row['field'])}</td>"]
        cells += [
            f'<td class="num">{row[k]}</td>'
            for k in ("agree", "disagree", "missed", "extra", "both_null")
        ]
        cells += [
            f'<td class="num">{_e(format_ratio(row[k]))}</td>'
            for k in ("accuracy", "precision", "recall", "f1", "coverage")
        ]
        cells.append(f'<td class="muted">{_e(rule)}</td>')
        out.append(f"<tr{' class=total' if total else ''}>{''.join(cells)}</tr>")
    macro = report["overall"]["macro"]
    out.append('<tr class="total"><td>macro</td>' + "<td></td>" * 5)
    out += [
        f'<td class="num">{_e(format_ratio(macro[k]))}</td>'
        for k in ("accuracy", "precision", "recall", "f1", "coverage")
    ]
    out.append("<td class=muted>mean over fields</td></tr></tbody></table>")
    return "".join(out)


def _confusion(report: dict[str, Any]) -> str:
    out = []
    for name, rows in report["confusion"].items():
        if not rows:
            continue
        columns = sorted({label for row in rows.values() for label in row})
        out.append(f'<table class="confusion" data-field="{_e(name)}">')
        out.append(f"<caption>{_e(name)}: rows gold, columns extracted</caption><thead><tr>")
        out.append("<th>gold \\ extracted</th>")
        out += [f"<th>{_e(c)}</th>" for c in columns]
        out.append("</tr></thead><tbody>")
        for gold_label, row in rows.items():
            out.append(f"<tr><th>{_e(gold_label)}</th>")
            out += [f'<td class="num">{row.get(c, 0)}</td>' for c in columns]
            out.append("</tr>")
        out.append("</tbody></table>")
    return "".join(out)


def _evidence(evidence: dict[str, Any] | None) -> str:
    parts = split_evidence(evidence)
    if parts is None:
        return '<span class="muted">(no evidence: the extraction emitted nothing)</span>'
    before, span, after = parts
    page = evidence.get("page") if evidence else None
    said = [f"page {page}"] if page else []
    said.append(f"rule {evidence['rule_id']}")
    if evidence.get("cues"):  # the ConText cues that negated, dated or qualified the value
        said.append(f"cue {', '.join(evidence['cues'])}")
    where = f' <span class="muted">({_e(", ".join(said))})</span>'
    return f"“{_e(before)}<mark>{_e(span)}</mark>{_e(after)}”{where}"


def _comparison(c: dict[str, Any], css: str) -> str:
    verdict = ""
    if c["verdict"]:
        verdict = (
            f"<div>curator verdict: <b>{_e(format_value(c['verdict']['value']))}</b> — "
            f"{_e(c['verdict']['reason'])} <span class=muted>({_e(c['verdict']['source'])})"
            f"</span></div>"
        )
    printed = "—" if c["printed_cell"] is None else f"“{_e(c['printed_cell'])}”"
    if css == "dis" and c["extracted"] is not None:
        verdict += (
            '<div class="muted">if the report is right: <code>gsvlms gold correct '
            f"{c['case_id']} {_e(c['field'])} {_e(_cell(c['extracted']))} --reason "
            "&quot;…&quot;</code></div>"
        )
    return (
        f'<div class="{css}" data-case="{c["case_id"]}" data-field="{_e(c["field"])}">'
        f"<div><b>case {c['case_id']} · {_e(c['field'])}</b> — {_e(c['source'])} "
        f"patient {c['patient_index']}</div>"
        f"<div>extracted <b>{_e(format_value(c['extracted']))}</b>; gold "
        f"<b>{_e(format_value(c['gold']))}</b>; Table 1 printed {printed}</div>"
        f"<div>evidence: {_evidence(c['evidence'])}</div>{verdict}</div>"
    )


def _links(report: dict[str, Any]) -> str:
    out = [
        '<table id="links"><thead><tr><th>document</th><th>patient</th><th>status</th>'
        "<th>case</th><th>confidence</th><th>method</th><th>reasons</th>"
        "<th>nearest other rows</th></tr></thead><tbody>"
    ]
    for link in report["links"]:
        case = "—" if link["case_id"] is None else link["case_id"]
        reasons = "<br>".join(_e(r) for r in link["reasons"])
        nearest = "<br>".join(
            f"case {c['case_id']} ({c['confidence']:.2f}): {_e(c['rejected'])}"
            for c in link["candidates"]
        )
        out.append(
            f'<tr data-status="{_e(link["status"])}"><td>{_e(link["source"])}</td>'
            f"<td>{link['patient_index']}</td><td>{_e(link['status'])}</td><td>{case}</td>"
            f'<td class="num">{link["confidence"]:.2f}</td><td>{_e(link["method"])}</td>'
            f"<td>{reasons}</td><td>{nearest}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def render_html(report: dict[str, Any]) -> str:
    """The whole page as a string."""
    summary = report["summary"]
    data = json.dumps(report, ensure_ascii=False).replace("<", "\\u003c")
    disagreements = [c for c in report["comparisons"] if c["outcome"] == "disagree"]
    resolved = [c for c in report["comparisons"] if c["resolved_by_verdict"]]
    failures = "".join(f"<li>{_e(f['path'])}: {_e(f['reason'])}</li>" for f in report["failures"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>gsvlms evaluation</title><style>{_CSS}</style></head>
<body>
<h1>Extraction vs. Table 1 of the 2024 review</h1>
<p id="summary">{summary["linked"]} linked, {summary["candidate_new"]} candidate new,
{summary["near_miss"]} unlinked near-miss, of {summary["patients"]} patients in
{summary["documents"]} documents ({summary["failed_documents"]} unreadable).
Disagreements: {summary["disagreements"]}.
Agreements resting on a curator verdict: {summary["resolved_by_verdict"]}.
Link threshold {report["threshold"]:g}. Schema {_e(report["schema_version"])}.</p>
{f"<h2>Unreadable documents</h2><ul>{failures}</ul>" if failures else ""}
<h2>Per-field scores</h2>
{_scores(report)}
<h2>Accuracy per field</h2>
<div id="accuracy-chart"></div>
<noscript>The chart needs JavaScript; the table above has the same figures.</noscript>
<h2>Confusion tables</h2>
{_confusion(report)}
<h2>Disagreements</h2>
<p>A disagreement is not necessarily an extraction error: Table 1 has mistakes. Record a verdict
with <code>gsvlms gold correct CASE FIELD VALUE --reason TEXT</code>.</p>
<section id="disagreements">{"".join(_comparison(c, "dis") for c in disagreements)}</section>
<h2>Agreements resting on a curator verdict</h2>
<section id="resolved">{"".join(_comparison(c, "ok") for c in resolved) or "<p>none</p>"}</section>
<h2>Linking</h2>
{_links(report)}
<script id="report-data" type="application/json">{data}</script>
<script>{_JS}</script>
</body></html>
"""


def write_html(report: dict[str, Any], path: str | Path) -> Path:
    path = Path(path)
    path.write_text(render_html(report), encoding="utf-8")
    return path
