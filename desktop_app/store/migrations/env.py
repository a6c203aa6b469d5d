"""Alembic environment. The store passes its open connection in `config.attributes`, so a
migration runs inside the caller's transaction; the `alembic` command line works too."""

from alembic import context
from sqlalchemy import create_engine

from desktop_app.store.models import Base

config = context.config
target_metadata = config.attributes.get("target_metadata", Base.metadata)


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
        with engine.begin() as conn:
            _run_with(conn)
        return
    _run_with(connection)


def _run_with(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
