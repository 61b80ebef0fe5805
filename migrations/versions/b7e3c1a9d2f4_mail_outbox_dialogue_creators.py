"""mail outbox, who may create dialogues

Revision ID: b7e3c1a9d2f4
Revises: 1af498c935ed
Create Date: 2026-12-01 09:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e3c1a9d2f4'
down_revision = '1af498c935ed'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outgoing_mail',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outgoing_mail'))
    )
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outgoing_mail_next_attempt_at'), ['next_attempt_at'], unique=False)

    op.create_table('platform_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('everyone_creates_dialogues', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_settings'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('may_create_dialogues', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('may_create_dialogues', server_default=None)
    # Until now every account could create dialogues: those who organize one keep the right.
    op.execute(
        "UPDATE \"user\" SET may_create_dialogues = true WHERE id IN "
        "(SELECT user_id FROM participant WHERE role = 'organizer' AND user_id IS NOT NULL)")


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('may_create_dialogues')
    op.drop_table('platform_settings')
    with op.batch_alter_table('outgoing_mail', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outgoing_mail_next_attempt_at'))
    op.drop_table('outgoing_mail')
