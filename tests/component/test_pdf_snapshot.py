"""Whole-document snapshots: any change to what ingest hands on shows up as a reviewed diff.

Regenerate with ``pytest --force-regen tests/component/test_pdf_snapshot.py`` and read the diff.
"""

from pathlib import Path

import pytest

from gsvlms_extract.ingest import Document, load_document

ROOT = Path(__file__).parents[2]


def _snapshot(document: Document) -> dict:
    return {
        "media_type": document.media_type,
        "n_pages": document.n_pages,
        "page_starts": list(document.page_starts),
        "metadata": dict(sorted(document.metadata.items())),
        "blocks": [
            {
                "kind": block.kind.value,
                "page": block.page,
                "start": block.start,
                "end": block.end,
                "text": document.block_text(block),
            }
            for block in document.blocks
        ],
    }


@pytest.mark.parametrize(
    "relative",
    [
        "corpus/pdf/gsv_lms_review_2024.pdf",
        "corpus/seed/gsv_lms_review_2024.txt",
        "tests/data/ingest/page_break.pdf",
        "tests/data/ingest/table.pdf",
    ],
    ids=["seed_pdf", "seed_txt", "page_break_fixture", "table_fixture"],
)
def test_document_snapshot(relative, data_regression):
    data_regression.check(_snapshot(load_document(ROOT / relative)))
