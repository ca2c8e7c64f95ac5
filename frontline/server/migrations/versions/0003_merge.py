"""Merging duplicates on the server: how many people raised a thing, and what unmerge restores.

Revision ID: 0003_merge
Revises: 0002_retention
Create Date: 2026-11-23 21:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0003_merge'
down_revision = '0002_retention'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('raised_by', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.add_column(sa.Column('before_merge', sa.JSON(), nullable=True))
    op.create_index('ix_observations_duplicate_of', 'observations', ['duplicate_of'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_observations_duplicate_of', table_name='observations')
    with op.batch_alter_table('observations', schema=None) as batch_op:
        batch_op.drop_column('before_merge')
        batch_op.drop_column('raised_by')
