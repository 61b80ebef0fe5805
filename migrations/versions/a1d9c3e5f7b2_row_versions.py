"""row versions of dialogues and participants (what a live connection knows is checked against them)

Revision ID: a1d9c3e5f7b2
Revises: 7c1e5a9f3b20
Create Date: 2026-12-02 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1d9c3e5f7b2'
down_revision = "7c1e5a9f3b20"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("dialogue", "participant"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))


def downgrade():
    for table in ("dialogue", "participant"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("version")
