"""room passes and session tokens

Revision ID: 7c1e5a9b2d40
Revises: b7e3c1a9d2f4
Create Date: 2026-12-01 09:20:00.000000

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1e5a9b2d40'
down_revision = "b7e3c1a9d2f4"
branch_labels = None
depends_on = None


def upgrade():
    # A room pass is an account without e-mail or password, for one dialogue.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=True)
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255), nullable=True)
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('pass_dialogue_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pass_code_digest', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_user_pass_dialogue_id'), ['pass_dialogue_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_user_pass_code_digest'), ['pass_code_digest'])
        batch_op.create_foreign_key(batch_op.f('fk_user_pass_dialogue_id_dialogue'), 'dialogue',
                                    ['pass_dialogue_id'], ['id'], ondelete='CASCADE')

    # Existing accounts get their session token before the column becomes required (everyone
    # signed in before the upgrade signs in again: their cookies carry no token).
    user = sa.table('user', sa.column('id', sa.Integer), sa.column('session_token', sa.String))
    connection = op.get_bind()
    for (user_id,) in connection.execute(sa.select(user.c.id)).all():
        connection.execute(user.update().where(user.c.id == user_id).values(session_token=secrets.token_urlsafe(24)))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('session_token', existing_type=sa.String(length=64), nullable=False)


def downgrade():
    op.execute(sa.text('DELETE FROM "user" WHERE email IS NULL'))
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_pass_dialogue_id_dialogue'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_user_pass_code_digest'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_user_pass_dialogue_id'))
        batch_op.drop_column('pass_code_digest')
        batch_op.drop_column('pass_dialogue_id')
        batch_op.drop_column('session_token')
        batch_op.alter_column('password_hash', existing_type=sa.String(length=255), nullable=False)
        batch_op.alter_column('email', existing_type=sa.String(length=254), nullable=False)
