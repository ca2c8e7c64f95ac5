"""The small-group warning of the capture form, from the reference data this PC holds."""

from __future__ import annotations

from collections import Counter

from sqlite_utils import Database

from frontline.core.anonymity import small_group_warning
from frontline.store.remote import people


def anonymity_warning(db: Database, *, person_id: str | None = None) -> str | None:
    """The warning to show before an anonymous save (`core.anonymity.small_group_warning`):
    about `person_id`'s team when the PC knows who is at it and their team, else about the
    PC's store (the store of the people the server sent). None when the group is big enough
    or nothing was received yet."""
    users = people(db)
    me = next((u for u in users if u.get("id") == person_id), None) if person_id else None
    if me is not None:
        return small_group_warning(users, store_id=me.get("store_id"), team_id=me.get("team_id"))
    stores = Counter(u.get("store_id") for u in users if u.get("store_id"))
    store_id = stores.most_common(1)[0][0] if stores else None
    return small_group_warning(users, store_id=store_id)
