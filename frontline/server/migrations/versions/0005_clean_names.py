"""One form for usernames, no control characters in stored names (issue #19).

Usernames become NFKC, trimmed of all Unicode white space and case-folded (what
`auth.normalise_username` does from now on), so accounts created with odd names stay
findable; a username whose new form is already taken is left as it was. Names of
organisations, regions, stores, teams, devices and people's display names lose control
characters and line breaks (what `auth.clean_name` does). Failed sign-in counts are
forgotten: their keys change form.

Revision ID: 0005_clean_names
Revises: 0004_insights
Create Date: 2026-12-07 12:30:00
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0005_clean_names'
down_revision = '0004_insights'
branch_labels = None
depends_on = None

# copies, not imports: a migration must not change when the code does
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]")


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text)).strip()
    return " ".join(text.split())


def _username(raw: str) -> str:
    text = _clean(unicodedata.normalize("NFKC", raw))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return unicodedata.normalize("NFKC", text.casefold()).strip()


NAMES = {"organisations": "name", "regions": "name", "stores": "name", "teams": "name",
         "devices": "name", "users": "display_name"}


def upgrade() -> None:
    conn = op.get_bind()
    meta = sa.MetaData()
    changed = False
    for table_name, column in NAMES.items():
        table = sa.Table(table_name, meta, sa.Column("id", sa.String), sa.Column(column, sa.String))
        for row_id, value in conn.execute(sa.select(table.c.id, table.c[column])).all():
            cleaned = _clean(value or "") or value
            if cleaned != value:
                conn.execute(sa.update(table).where(table.c.id == row_id).values({column: cleaned}))
                changed = True
    users = sa.Table("users", sa.MetaData(), sa.Column("id", sa.String), sa.Column("username", sa.String))
    taken = set(conn.execute(sa.select(users.c.username)).scalars())
    for user_id, username in conn.execute(sa.select(users.c.id, users.c.username)).all():
        new = _username(username)
        if new and new != username and new not in taken:
            conn.execute(sa.update(users).where(users.c.id == user_id).values(username=new))
            taken.discard(username)
            taken.add(new)
            changed = True
    conn.execute(sa.text("DELETE FROM login_failures"))
    if changed:  # PCs refetch stores, teams and people
        conn.execute(sa.text("UPDATE organisations SET reference_version = reference_version + 1"))


def downgrade() -> None:
    pass  # the cleaned names are valid names under 0004 too
