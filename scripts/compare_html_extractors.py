"""Which main-text extractor reads publisher pages best: trafilatura or readability-lxml?

The pages are the corpus reports of ``tests/component/report_formats.py`` dressed in three
publishers' chromes (Highwire meta tags, scripts, cookie banner, navigation, share buttons,
reference list, related articles, footer). For each extractor and page:

- recall: share of the report's abstract and body paragraphs found whole in the output;
- headings: share of the report's section headings found as headings (``<head>``/``<hN>``);
- noise: share of the chrome's strings (cookie banner, navigation, share buttons, reference
  entries, related articles, rights box, footer) that leak into the output;
- milliseconds per page (median of 5 runs).

Usage: ``python scripts/compare_html_extractors.py`` (needs the dev extra: readability-lxml).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from lxml import etree, html

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "component"))

from report_formats import _REFERENCES, CHROMES, REPORTS, html_page, report_parts  # noqa: E402


def _norm(text: str) -> str:
    return " ".join(text.replace("[1]", "").split()).strip()


def trafilatura_output(page: bytes) -> tuple[str, set[str]]:
    import trafilatura

    xml = trafilatura.extract(
        page.decode("utf-8"),
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_formatting=False,
    )
    root = etree.fromstring((xml or "<doc/>").encode())
    text = "\n".join(_norm("".join(el.itertext())) for el in root.iter("p", "head", "cell", "item"))
    heads = {_norm("".join(el.itertext())) for el in root.iter("head")}
    return text, heads


def readability_output(page: bytes) -> tuple[str, set[str]]:
    from readability import Document

    fragment = html.fromstring(Document(page.decode("utf-8")).summary(html_partial=True))
    text = "\n".join(
        _norm(el.text_content())
        for el in fragment.iter("p", "h1", "h2", "h3", "h4", "li", "td", "th", "caption")
    )
    heads = {_norm(el.text_content()) for el in fragment.iter("h1", "h2", "h3", "h4")}
    return text, heads


def _chrome_strings(chrome: str) -> list[str]:
    strings = [_norm(v) for v in CHROMES[chrome].values()]
    strings += [_norm(r) for r in _REFERENCES]
    strings += ["Download PDF", "Cite this article", "Rights and permissions"]
    return strings


def measure() -> list[dict]:
    rows = []
    for name, extractor in (
        ("trafilatura", trafilatura_output),
        ("readability-lxml", readability_output),
    ):
        recalls, headings, noise, times = [], [], [], []
        for meta in REPORTS.values():
            parts = report_parts(meta)
            wanted = [_norm(p) for p in parts.abstract]
            wanted += [_norm(str(v)) for kind, v in parts.body if kind == "body"]
            heads = [_norm(str(v)) for kind, v in parts.body if kind == "heading"]
            for chrome in CHROMES:
                page = html_page(meta, chrome)
                text, found_heads = extractor(page)
                elapsed = []
                for _ in range(5):
                    started = time.perf_counter()
                    extractor(page)
                    elapsed.append(time.perf_counter() - started)
                times.append(statistics.median(elapsed) * 1000)
                recalls.append(sum(w in text for w in wanted) / len(wanted))
                if heads:
                    headings.append(sum(h in found_heads for h in heads) / len(heads))
                leaks = _chrome_strings(chrome)
                noise.append(sum(s in text for s in leaks) / len(leaks))
        rows.append(
            {
                "extractor": name,
                "pages": len(recalls),
                "recall": statistics.mean(recalls),
                "min_recall": min(recalls),
                "headings": statistics.mean(headings),
                "noise": statistics.mean(noise),
                "ms_per_page": statistics.median(times),
            }
        )
    return rows


def main() -> None:
    print(
        f"{'extractor':18} {'pages':>5} {'recall':>7} {'min':>6} {'headings':>9} "
        f"{'noise':>6} {'ms/page':>8}"
    )
    for row in measure():
        print(
            f"{row['extractor']:18} {row['pages']:>5} {row['recall']:>7.1%} "
            f"{row['min_recall']:>6.1%} {row['headings']:>9.1%} {row['noise']:>6.1%} "
            f"{row['ms_per_page']:>8.1f}"
        )


if __name__ == "__main__":
    main()
