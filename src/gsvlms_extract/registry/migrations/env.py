"""Alembic environment: always online, on the connection handed over in ``config.attributes``.

There is no alembic.ini; `gsvlms_extract.registry.db` builds the `Config` in code and passes
an open connection, so migrations run inside the caller's transaction and lock.
"""

from alembic import context

from gsvlms_extract.registry.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
