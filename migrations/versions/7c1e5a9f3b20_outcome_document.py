"""outcome document: summary, version, status, cover logos; final export files

Revision ID: 7c1e5a9f3b20
Revises: 7c1e5a9b2d40
Create Date: 2026-12-01 09:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e5a9f3b20'
down_revision = "7c1e5a9b2d40"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outcome_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'final', name='document_status', native_enum=False, length=24), nullable=False),
    sa.Column('finalised_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_outcome_document_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_document')),
    sa.UniqueConstraint('dialogue_id', name=op.f('uq_outcome_document_dialogue_id'))
    )
    op.create_table('document_logo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dialogue_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('organizer', 'supporter', name='logo_role', native_enum=False, length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('png', sa.LargeBinary(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dialogue_id'], ['dialogue.id'], name=op.f('fk_document_logo_dialogue_id_dialogue'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_logo'))
    )
    with op.batch_alter_table('document_logo', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_logo_dialogue_id'), ['dialogue_id'], unique=False)

    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('final', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('checksum', sa.String(length=64), nullable=False, server_default=''))


def downgrade():
    with op.batch_alter_table('export_job', schema=None) as batch_op:
        batch_op.drop_column('checksum')
        batch_op.drop_column('final')
        batch_op.drop_column('version')

    with op.batch_alter_table('document_logo', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_logo_dialogue_id'))

    op.drop_table('document_logo')
    op.drop_table('outcome_document')
