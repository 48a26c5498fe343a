"""Column types that fit every value; run rows say which process owns them.

* ``documents.size_bytes`` becomes BIGINT: a file of 2 GiB or more overflowed INTEGER on
  PostgreSQL and stopped every later run at that file.
* ``documents.media_type`` (255), ``extractions.extractor_version``, ``evidence.nlp_system_version``
  and ``runs.version`` (64), ``evidence.rule_id`` (255): room for long media types, local
  version labels and rule ids.
* ``runs.pid`` and ``runs.host``: the process that runs it, so the next run can tell a run that
  was killed (its row still says ``running``) from one that is still going, and mark it
  ``interrupted``.

SQLite stores integers in 8 bytes and does not enforce VARCHAR lengths, so only PostgreSQL
needs the type changes; SQLite gets the new columns alone (no table rebuild).

The id 0002 was reserved for this change (issue 11); it is applied after 0004_decisions,
the head when it was merged, so registries already at 0003/0004 get it too.

Revision ID: 0002_fit_every_value
Revises: 0004_decisions
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_fit_every_value"
down_revision = "0004_decisions"
branch_labels = None
depends_on = None

#: (table, column, old type, new type)
WIDENED = (
    ("documents", "size_bytes", sa.Integer(), sa.BigInteger()),
    ("documents", "media_type", sa.String(64), sa.String(255)),
    ("extractions", "extractor_version", sa.String(32), sa.String(64)),
    ("evidence", "nlp_system_version", sa.String(32), sa.String(64)),
    ("evidence", "rule_id", sa.String(128), sa.String(255)),
    ("runs", "version", sa.String(32), sa.String(64)),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        for table, column, old, new in WIDENED:
            op.alter_column(table, column, type_=new, existing_type=old)
    op.add_column("runs", sa.Column("pid", sa.Integer, nullable=True))
    op.add_column("runs", sa.Column("host", sa.String(255), nullable=True))


def downgrade() -> None:
    op.drop_column("runs", "host")
    op.drop_column("runs", "pid")
    if op.get_bind().dialect.name != "sqlite":
        for table, column, old, new in WIDENED:
            op.alter_column(table, column, type_=old, existing_type=new)
