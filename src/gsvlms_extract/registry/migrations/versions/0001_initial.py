"""Initial registry: cases, case_values, documents, extractions, evidence, links, conflicts, runs.

The value columns of `extractions` come from `schema.CASE_FIELDS` as it stood when this
revision was written; a later field added to the schema needs its own revision (the registry
refuses to open when the two disagree).

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from gsvlms_extract.schema import CASE_FIELDS

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ, nullable=True),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("inbox", sa.Text, nullable=False),
        sa.Column("engine", sa.String(16), nullable=False),
        sa.Column("workers", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        *(
            sa.Column(name, sa.Integer, nullable=False)
            for name in ("n_new", "n_skipped", "n_failed", "n_new_cases", "n_linked", "n_conflicts")
        ),
        sa.Column("summary", sa.JSON, nullable=True),
    )
    op.create_table(
        "cases",
        sa.Column("case_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("needs_review", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("n_pages", sa.Integer, nullable=True),
        sa.Column("media_type", sa.String(64), nullable=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=True),
        sa.Column("ingested_at", TZ, nullable=False),
    )
    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("patient_index", sa.Integer, nullable=False),
        sa.Column("is_gsv_lms", sa.Boolean, nullable=False),
        sa.Column("is_gsv_lms_reason", sa.Text, nullable=False),
        sa.Column("extractor_version", sa.String(32), nullable=False),
        *(sa.Column(name, sa.Text, nullable=True) for name in CASE_FIELDS if name != "case_id"),
        sa.UniqueConstraint("document_id", "patient_index"),
    )
    op.create_table(
        "case_values",
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.case_id"), primary_key=True),
        sa.Column("field", sa.String(32), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("curated", sa.Boolean, nullable=False),
        sa.Column("extraction_id", sa.Integer, sa.ForeignKey("extractions.id"), nullable=True),
        sa.Column("updated_at", TZ, nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("note_nlp_id", sa.Integer, primary_key=True),
        sa.Column("note_id", sa.Integer, sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("extraction_id", sa.Integer, sa.ForeignKey("extractions.id"), nullable=False),
        sa.Column("section", sa.String(32), nullable=True),
        sa.Column("snippet", sa.Text, nullable=False),
        sa.Column("offset", sa.Integer, nullable=False),
        sa.Column("offset_end", sa.Integer, nullable=False),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("lexical_variant", sa.Text, nullable=False),
        sa.Column("note_nlp_concept", sa.String(32), nullable=False),
        sa.Column("concept_value", sa.Text, nullable=False),
        sa.Column("rule_id", sa.String(128), nullable=False),
        sa.Column("nlp_system", sa.String(64), nullable=False),
        sa.Column("nlp_system_version", sa.String(32), nullable=False),
        sa.Column("nlp_date", sa.String(10), nullable=False),
        sa.Column("nlp_datetime", TZ, nullable=False),
        sa.Column("term_exists", sa.String(1), nullable=False),
        sa.Column("term_temporal", sa.String(16), nullable=True),
        sa.Column("term_modifiers", sa.Text, nullable=True),
        sa.UniqueConstraint("extraction_id", "note_nlp_concept"),
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "extraction_id",
            sa.Integer,
            sa.ForeignKey("extractions.id"),
            nullable=False,
            unique=True,
        ),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.case_id"), nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
        sa.Column("created_case", sa.Boolean, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.case_id"), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("registry_value", sa.Text, nullable=False),
        sa.Column("registry_origin", sa.String(16), nullable=False),
        sa.Column("extracted_value", sa.Text, nullable=False),
        sa.Column("extraction_id", sa.Integer, sa.ForeignKey("extractions.id"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("extraction_id", "field"),
    )


def downgrade() -> None:
    for table in (
        "conflicts",
        "links",
        "evidence",
        "case_values",
        "extractions",
        "documents",
        "cases",
        "runs",
    ):
        op.drop_table(table)
