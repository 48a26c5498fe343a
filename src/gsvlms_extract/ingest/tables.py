"""Ruled tables on a page, found by cheap geometry (no pdfminer pass).

A table is a stack of at least three horizontal rules sharing their left and right ends
(±3 pt), each within 80 pt of the next (collinear segments that touch count as one rule, as
Chromium draws borders cell by cell): a grid, or the top/mid/bottom rules of a
"booktabs" table. Its rows are the strips between consecutive rules; in a strip holding several
baselines and no vertical rules, each baseline is a row. Columns come from the vertical rules
inside the region when there are any, otherwise from the left edges of the first row's cells.
A cell's lines are joined like a paragraph's (`hyphens.join_lines`: ``Tresgallo-`` /
``Parés`` → ``Tresgallo-Parés``, ``Lung/`` / ``liver`` → ``Lung/liver``). The line just above
the region that reads like a table title (``Table 1 | ...``) is the table's title.

Unruled tables ("aligned cell grid"): at least three consecutive baselines, each holding two or
more short pieces of text (every piece narrower than 35% of the row's extent, so the two halves
of a two-column body line never qualify, or three pieces or more), whose left edges line up
(±3 pt) with a common set of column starts in most rows. Each baseline is a row.
"""

from __future__ import annotations

import bisect

from gsvlms_extract.ingest.blocks import is_table_title
from gsvlms_extract.ingest.hyphens import join_lines
from gsvlms_extract.ingest.layout import Line, Rule, TableUnit

__all__ = ["find_tables"]

_ALIGN = 3.0
_MAX_SPACING = 80.0


def _joined_horizontals(rules: list[Rule]) -> list[Rule]:
    """Horizontal rules with collinear pieces that touch joined into one: Chromium draws a
    table's borders cell by cell, so a row's rule arrives as one segment per cell."""
    pieces = sorted(
        (r for r in rules if r.top - r.bottom <= 2.0 and r.x1 - r.x0 >= 2.0),
        key=lambda r: (round(r.top), r.x0),
    )
    joined: list[Rule] = []
    for rule in pieces:
        last = joined[-1] if joined else None
        if (
            last is not None
            and abs(last.top - rule.top) <= 0.6
            and abs(last.bottom - rule.bottom) <= 0.6
            and rule.x0 <= last.x1 + 2.0
        ):
            joined[-1] = Rule(
                last.x0,
                min(last.bottom, rule.bottom),
                max(last.x1, rule.x1),
                max(last.top, rule.top),
            )
        else:
            joined.append(rule)
    return [r for r in joined if r.horizontal]


def _clusters(rules: list[Rule]) -> list[list[Rule]]:
    horizontal = sorted(_joined_horizontals(rules), key=lambda r: -r.top)
    groups: list[list[Rule]] = []
    for rule in horizontal:
        for group in groups:
            last = group[-1]
            if (
                abs(last.x0 - rule.x0) <= _ALIGN
                and abs(last.x1 - rule.x1) <= _ALIGN
                and last.bottom - rule.top <= _MAX_SPACING
            ):
                if last.top - rule.top > 0.5:  # a double-drawn rule counts once
                    group.append(rule)
                break
        else:
            groups.append([rule])
    return [g for g in groups if len(g) >= 3]


def find_tables(
    page: int, lines: list[Line], rules: list[Rule]
) -> tuple[list[TableUnit], list[Line]]:
    """Split a page's lines into tables and the lines outside them."""
    tables: list[TableUnit] = []
    used: set[int] = set()
    for group in _clusters(rules):
        x0, x1 = min(r.x0 for r in group), max(r.x1 for r in group)
        top, bottom = group[0].top, group[-1].bottom
        inside = [
            i
            for i, line in enumerate(lines)
            if i not in used
            and x0 - 1 <= (line.x0 + line.x1) / 2 <= x1 + 1
            and bottom <= (line.top + line.bottom) / 2 <= top
        ]
        if not inside:
            continue
        used.update(inside)
        title = ""
        above = [
            i
            for i, line in enumerate(lines)
            if i not in used
            and line.bottom >= top
            and line.bottom - top <= 3 * line.height
            and line.x0 >= x0 - 2
            and line.x0 <= x1
        ]
        if above:
            nearest = min(above, key=lambda i: lines[i].bottom)
            if is_table_title(lines[nearest].text):
                # the title may run over several lines: take the caption lines above, in order
                title_lines = [nearest]
                used.add(nearest)
                title = lines[nearest].text
                # continuation lines of the title sit between the title line and the table
                for i in sorted(above, key=lambda i: -lines[i].top):
                    if i not in used and lines[i].top < lines[nearest].bottom:
                        title_lines.append(i)
                        used.add(i)
                        title += " " + lines[i].text
        verticals = sorted(
            {
                round(r.x0, 1)
                for r in rules
                if r.vertical
                and x0 - 2 <= r.x0 <= x1 + 2
                and r.bottom >= bottom - 2
                and r.top <= top + 2
            }
        )
        rows = _rows([lines[i] for i in inside], [r.top for r in group], verticals)
        tables.append(TableUnit(page, x0, bottom, x1, top, title.strip(), rows))
    rest = [line for i, line in enumerate(lines) if i not in used]
    grid_tables, rest = _grid_tables(page, rest)
    return tables + grid_tables, rest


def _rows(
    lines: list[Line], rule_tops: list[float], verticals: list[float]
) -> tuple[tuple[str, ...], ...]:
    descending = sorted(rule_tops, reverse=True)
    strips: list[list[Line]] = [[] for _ in range(len(descending) - 1)]
    for line in lines:
        middle = (line.top + line.bottom) / 2
        for k in range(len(descending) - 1):
            if descending[k + 1] <= middle <= descending[k]:
                strips[k].append(line)
                break
    row_lines: list[list[Line]] = []
    for strip in strips:
        if not strip:
            continue
        if verticals:
            row_lines.append(strip)
        else:  # booktabs: one row per baseline
            row_lines.extend(_baseline_rows(strip))
    if not row_lines:
        return ()
    edges = verticals[1:-1] if len(verticals) >= 2 else _edges(row_lines[0])
    rows: list[tuple[str, ...]] = []
    for row in row_lines:
        cells: list[list[Line]] = [[] for _ in range(len(edges) + 1)]
        for line in row:
            cells[bisect.bisect_right(edges, line.x0 + 0.5)].append(line)
        texts = tuple(
            join_lines([line.text for line in sorted(cell, key=lambda o: (-o.top, o.x0))])
            for cell in cells
        )
        rows.append(texts)
    return tuple(rows)


def _edges(first_row: list[Line]) -> list[float]:
    starts = sorted({round(line.x0, 1) for line in first_row})
    return [x - 1.0 for x in starts[1:]]


def _grid_tables(page: int, lines: list[Line]) -> tuple[list[TableUnit], list[Line]]:
    rows = _baseline_rows(lines)
    runs: list[list[list[Line]]] = []
    run: list[list[Line]] = []
    for row in rows:
        if _is_grid_row(row) and (not run or _adjacent(run[-1], row)):
            run.append(row)
            continue
        if len(run) >= 3:
            runs.append(run)
        run = [row] if _is_grid_row(row) else []
    if len(run) >= 3:
        runs.append(run)
    tables: list[TableUnit] = []
    used: set[int] = set()
    for run in runs:
        starts = _column_starts(run)
        if len(starts) < 2:
            continue
        aligned = sum(1 for row in run if sum(_near(line.x0, starts) for line in row) >= 2)
        if aligned < 0.6 * len(run):
            continue
        members = [line for row in run for line in row]
        used.update(id(line) for line in members)
        x0 = min(line.x0 for line in members)
        x1 = max(line.x1 for line in members)
        top = max(line.top for line in members)
        bottom = min(line.bottom for line in members)
        title = ""
        above = [
            line
            for line in lines
            if id(line) not in used
            and 0 <= line.bottom - top <= 3 * max(line.height, 1.0)
            and x0 - 2 <= line.x0 <= x1
        ]
        if above:
            nearest = min(above, key=lambda o: o.bottom)
            if is_table_title(nearest.text):
                used.add(id(nearest))
                title = nearest.text
        edges = [x - 1.0 for x in starts[1:]]
        cells_rows = []
        for row in run:
            cells: list[list[str]] = [[] for _ in range(len(starts))]
            for line in sorted(row, key=lambda o: o.x0):
                cells[bisect.bisect_right(edges, line.x0 + 0.5)].append(line.text)
            cells_rows.append(tuple(" ".join(c) for c in cells))
        tables.append(TableUnit(page, x0, bottom, x1, top, title, tuple(cells_rows)))
    return tables, [line for line in lines if id(line) not in used]


def _baseline_rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into rows, top to bottom: a line joins a row it overlaps vertically by half
    its height (glyph boxes differ with descenders, so bottoms alone do not line up)."""
    rows: list[list[Line]] = []
    spans: list[tuple[float, float]] = []
    for line in sorted(lines, key=lambda o: -(o.top + o.bottom)):
        if rows:
            bottom, top = spans[-1]
            if min(top, line.top) - max(bottom, line.bottom) >= 0.5 * min(
                top - bottom, line.height
            ):
                rows[-1].append(line)
                spans[-1] = (min(bottom, line.bottom), max(top, line.top))
                continue
        rows.append([line])
        spans.append((line.bottom, line.top))
    return [sorted(row, key=lambda o: o.x0) for row in rows]


def _is_grid_row(row: list[Line]) -> bool:
    if len(row) < 2:
        return False
    extent = max(o.x1 for o in row) - min(o.x0 for o in row)
    return len(row) >= 3 or all(o.x1 - o.x0 < 0.35 * extent for o in row)


def _adjacent(upper: list[Line], lower: list[Line]) -> bool:
    height = max(o.height for o in upper)
    gap = max(o.top for o in upper) - max(o.top for o in lower)
    return 0 < gap <= 2.2 * max(height, 1.0)


def _near(x: float, starts: list[float]) -> bool:
    return any(abs(x - s) <= _ALIGN for s in starts)


def _column_starts(run: list[list[Line]]) -> list[float]:
    """Left edges shared by at least half of the rows, left to right."""
    xs = sorted(line.x0 for row in run for line in row)
    clusters: list[list[float]] = []
    for x in xs:
        if clusters and x - clusters[-1][-1] <= _ALIGN:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [c[0] for c in clusters if len(c) >= max(2, len(run) / 2)]
