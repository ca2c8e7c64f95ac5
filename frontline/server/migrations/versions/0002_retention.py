"""Data lifetime: the organisation's retention settings and the feed of removed observations.

Revision ID: 0002_retention
Revises: 0001_initial
Create Date: 2026-11-23 19:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0002_retention'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retention_action', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('local_keep_days', sa.Integer(), nullable=True))
    op.create_table('removed_observations',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('observation_id', sa.String(length=36), nullable=False),
    sa.Column('store_id', sa.String(length=36), nullable=True),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('removed_at', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'],
                            name=op.f('fk_removed_observations_org_id_organisations')),
    sa.PrimaryKeyConstraint('org_id', 'observation_id', name='pk_removed_observations')
    )
    op.create_index('ix_removed_observations_org_version', 'removed_observations',
                    ['org_id', 'version', 'observation_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_removed_observations_org_version', table_name='removed_observations')
    op.drop_table('removed_observations')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_column('local_keep_days')
        batch_op.drop_column('retention_action')
