"""The schema comes from the migrations, and the migrations agree with the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from dialogues.extensions import db


def test_models_and_migrations_agree(app):
    # The session's database was built by `flask db upgrade` (see conftest); nothing may be left to generate.
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert diff == []
