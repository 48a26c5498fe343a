"""The rendered corpus PDFs read back as their text versions: same narrative, same Table 1."""

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from gsvlms_extract.ingest import BlockKind, Document, load_document

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "corpus"
LAYOUTS = yaml.safe_load((CORPUS / "pdf_layouts.yaml").read_text(encoding="utf-8"))
ENTRIES = LAYOUTS["documents"]


def _pdf(entry: dict) -> Path:
    return CORPUS / "pdf" / f"{Path(entry['source']).stem}.pdf"


def _narrative(document: Document) -> str:
    """Prose and boilerplate in reading order: what the reader got right, whichever way the
    blocks were classified (a PDF may set a "Keywords:" line and the next statement as one
    paragraph, which then is boilerplate as a whole, where the text file has two)."""
    kinds = (BlockKind.body, BlockKind.heading, BlockKind.boilerplate)
    return " ".join(
        " ".join(document.text[b.start : b.end].split()) for b in document.blocks if b.kind in kinds
    )


def _tables(document: Document) -> list[str]:
    return [document.text[b.start : b.end] for b in document.blocks if b.kind is BlockKind.table]


def test_layouts_cover_both_layouts_and_at_least_ten_reports():
    assert len(ENTRIES) >= 11
    assert {e["layout"] for e in ENTRIES} == {"one_column", "two_column"}
    assert any(e["source"] == "seed/gsv_lms_review_2024.txt" for e in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=[Path(e["source"]).stem for e in ENTRIES])
def test_pdf_narrative_equals_its_text_version(entry):
    text = load_document(CORPUS / entry["source"])
    pdf = load_document(_pdf(entry))
    assert pdf.n_pages >= 1
    assert _narrative(pdf) == _narrative(text)
    # every page is mapped and every block knows its page
    assert len(pdf.page_starts) == pdf.n_pages
    assert all(b.page is not None for b in pdf.blocks)
    assert pdf.page_at(len(pdf.text) - 1) <= pdf.n_pages


def test_seed_table1_reads_back_row_for_row():
    text = load_document(CORPUS / "seed" / "gsv_lms_review_2024.txt")
    pdf = load_document(CORPUS / "pdf" / "gsv_lms_review_2024.pdf")
    assert _tables(pdf) == _tables(text)
    (table,) = _tables(pdf)
    rows = table.split("\n\n")
    assert rows[0].startswith("Table 1 | The 57 cases")
    assert len(rows) == 58  # title + header row share the first chunk, then 57 cases
    assert all(len(row.strip("\n").split("\n")) in (14, 15) for row in rows)
    # the table spans pages 3-4 in the PDF yet is one block
    (block,) = [b for b in pdf.blocks if b.kind is BlockKind.table]
    assert pdf.page_at(block.start) != pdf.page_at(block.end - 1)


def test_seed_pdf_keeps_captions_out_of_the_narrative():
    pdf = load_document(CORPUS / "pdf" / "gsv_lms_review_2024.pdf")
    captions = [pdf.text[b.start : b.end] for b in pdf.blocks if b.kind is BlockKind.caption]
    assert len(captions) == 3
    assert all(c.startswith("[image:") for c in captions)
    assert "Figure 1 |" not in _narrative(pdf)


@pytest.fixture(scope="module")
def renderer():
    script = ROOT / "scripts" / "render_corpus_pdfs.py"
    spec = importlib.util.spec_from_file_location("render_corpus_pdfs", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    if not any((d / "DejaVuSerif.ttf").exists() for d in module.FONT_DIRS):
        pytest.skip("DejaVu Serif fonts are not installed; the renderer needs them")
    return module


def _render_all(renderer, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    layouts = folder / "layouts.yaml"
    layouts.write_text(yaml.safe_dump(LAYOUTS), encoding="utf-8")
    for entry in ENTRIES:  # the layout file's paths are relative to its folder
        target = folder / entry["source"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((CORPUS / entry["source"]).read_bytes())
    assert renderer.main(["--layouts", str(layouts), "--out", str(folder / "pdf")]) == 0
    return folder / "pdf"


def test_render_is_reproducible_byte_for_byte(renderer, tmp_path):
    first = _render_all(renderer, tmp_path / "a")
    second = _render_all(renderer, tmp_path / "b")
    for entry in ENTRIES:
        name = _pdf(entry).name
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_committed_pdfs_are_up_to_date(renderer, tmp_path):
    # compared as documents, not bytes, so another reportlab release cannot fail it
    fresh = _render_all(renderer, tmp_path)
    for entry in ENTRIES:
        committed = load_document(_pdf(entry))
        rendered = load_document(fresh / _pdf(entry).name)
        assert (rendered.text, rendered.blocks, rendered.page_starts) == (
            committed.text,
            committed.blocks,
            committed.page_starts,
        ), f"corpus/pdf/{_pdf(entry).name} is stale: re-run `make pdfs`"


def test_concurrent_threads_read_the_same_documents():
    from concurrent.futures import ThreadPoolExecutor

    paths = [_pdf(entry) for entry in ENTRIES[:6]] * 2
    sequential = [load_document(path).text for path in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda path: load_document(path).text, paths))
    assert parallel == sequential
