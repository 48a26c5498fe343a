"""Articles: one article read from several files (XML, text, PDF, HTML, scan) is one article.

``articles`` holds each article's identifiers (DOI, PMID, PMCID), bibliographic facts and a text
signature (bottom-k sketch of word trigrams); ``documents`` gains the article it belongs to,
its role (``primary``: the copy that was read, its best format; or ``copy``) and its format
(``jats``, ``text``, ``pdf``, ``html``, ``ocr``).

Revision ID: 0003
Revises: 0001
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doi", sa.String(256), nullable=True, index=True),
        sa.Column("pmid", sa.String(16), nullable=True, index=True),
        sa.Column("pmcid", sa.String(16), nullable=True, index=True),
        sa.Column("title", sa.Text, nullable=True),
        sa.Column("first_author", sa.String(128), nullable=True),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("journal", sa.Text, nullable=True),
        sa.Column("licence", sa.Text, nullable=True),
        sa.Column("signature", sa.JSON, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("article_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("role", sa.String(8), nullable=True))
        batch.add_column(sa.Column("source_format", sa.String(8), nullable=True))
        batch.create_foreign_key("fk_documents_article_id", "articles", ["article_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("fk_documents_article_id", type_="foreignkey")
        batch.drop_column("source_format")
        batch.drop_column("role")
        batch.drop_column("article_id")
    op.drop_table("articles")
