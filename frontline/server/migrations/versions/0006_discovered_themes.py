"""Discovered themes: the latest `themes run` of each organisation and its assignments.

Revision ID: 0006_discovered_themes
Revises: 0005_clean_names
Create Date: 2026-12-07 13:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_discovered_themes'
down_revision = '0005_clean_names'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('discovered_themes',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'],
                            name=op.f('fk_discovered_themes_org_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discovered_themes'))
    )
    op.create_index(op.f('ix_discovered_themes_org_id'), 'discovered_themes', ['org_id'],
                    unique=False)
    op.create_table('observation_themes',
    sa.Column('org_id', sa.String(length=36), nullable=False),
    sa.Column('observation_id', sa.String(length=36), nullable=False),
    sa.Column('theme_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['org_id'], ['organisations.id'],
                            name=op.f('fk_observation_themes_org_id_organisations')),
    sa.ForeignKeyConstraint(['theme_id'], ['discovered_themes.id'],
                            name=op.f('fk_observation_themes_theme_id_discovered_themes')),
    sa.PrimaryKeyConstraint('org_id', 'observation_id', name='pk_observation_themes')
    )
    op.create_index('ix_observation_themes_theme', 'observation_themes', ['theme_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_observation_themes_theme', table_name='observation_themes')
    op.drop_table('observation_themes')
    op.drop_index(op.f('ix_discovered_themes_org_id'), table_name='discovered_themes')
    op.drop_table('discovered_themes')
