"""Customer personal data, checked again on the server (docs/privacy.md, "On the server").

Whatever a PC did, every free text the server is about to store (an author's texts in
`observation.upsert`, a reviewer's `response`, `wont_act_reason` and `escalation_note`)
goes through `frontline.core.pii.detect` and is stored redacted (`[email]`, `[phone]`, …).
The observation is never refused for it: an old or modified PC that skipped its own check
loses nothing but the personal data. The organisation's staff are not customers: their
display names are passed as `staff_names`.

The organisation's `pii_policy` (`redact` | `block`, `set_pii_policy`) tells its PCs what to
do when a person types personal data (replace it and say so, or refuse to save until it is
removed); the server redacts whatever the policy is, since a PC may be offline with an old
policy, old, or modified.

`Redactor` is one push's: the staff names are read once, and only when a name was found;
`counts` (by kind and field, never the text) feed `/metrics`, and each change's counts go
into its audit entry (`audit.redactions`). `detect_ahead` runs the detector over a push's
texts before its write transaction, which holds the organisation's write lock: inside it,
each text is then only looked up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, MutableMapping
from typing import Any

from sqlalchemy import Connection, select, update

from frontline.core.model import TEXT_FIELDS, clean_text
from frontline.core.pii import NAME, Entity, detect, redact
from frontline.core.vocabulary import (
    AUTHOR_TEXT_FIELDS,
    PII_POLICIES,
    REVIEW_TEXT_FIELDS,
    REVIEW_TEXT_MAX,
)
from frontline.server import tables as t
from frontline.server.admin import AdminError, bump_reference

#: The longest each free text may be once redacted (a placeholder may be longer than what
#: it replaces; the text is cut to the limit rather than refused).
_LIMITS: dict[str, int] = {**TEXT_FIELDS, **REVIEW_TEXT_MAX}
#: What a text that redaction left empty says instead (`redact` always leaves a placeholder,
#: so this is a guard, not a case seen today).
REDACTED_TEXT = "[redacted]"

#: {field: {kind: count}}: what was redacted from one change's texts.
Redactions = dict[str, dict[str, int]]


class Redactor:
    """Redacts the texts of one push (or one review), for one organisation."""

    def __init__(self, org_id: str) -> None:
        self.org_id = org_id
        self._staff: list[str] | None = None
        #: (kind, field) -> how many were redacted, in changes that were stored
        self.counts: Counter[tuple[str, str]] = Counter()
        self._pending: Counter[tuple[str, str]] = Counter()
        self._found: dict[str, list[Entity]] = {}  # detected ahead (without staff names)

    def detect_ahead(self, texts: Iterable[str]) -> None:
        """Run the detector over `texts` now (outside the write transaction); `text` then
        looks each one up. A text not seen here is simply detected when it comes."""
        for value in texts:
            if value and value not in self._found:
                self._found[value] = detect(value)

    def staff_names(self, conn: Connection) -> list[str]:
        """The display names of the organisation's users, read once."""
        if self._staff is None:
            self._staff = [str(n) for n in conn.execute(
                select(t.users.c.display_name).where(t.users.c.org_id == self.org_id)
            ).scalars() if n]
        return self._staff

    def text(self, conn: Connection, field: str, value: str) -> tuple[str, dict[str, int]]:
        """`value` with its personal data replaced, and how many of each kind."""
        if not value:
            return value, {}
        found = self._found.get(value)
        if found is None:
            found = detect(value)
        if any(e.kind == NAME for e in found):
            # staff names only ever remove a NAME (names are found last, so no other span
            # depended on it): asked again, with them, only when a name was found
            found = detect(value, staff_names=self.staff_names(conn))
        if not found:
            return value, {}
        kinds = Counter(e.kind for e in found)
        redacted = redact(value, found)
        limit = _LIMITS.get(field)
        if limit is not None and len(redacted) > limit:
            redacted = redacted[:limit].rstrip()
        if not redacted.strip():
            redacted = REDACTED_TEXT
        for kind, n in kinds.items():
            self._pending[kind, field] += n
        return redacted, dict(kinds)

    def fields(self, conn: Connection, values: MutableMapping[str, Any],
               names: Iterable[str]) -> Redactions:
        """Redact the texts `names` of `values` in place; what was redacted, by field."""
        out: Redactions = {}
        for name in names:
            value = values.get(name)
            if isinstance(value, str) and value:
                values[name], kinds = self.text(conn, name, value)
                if kinds:
                    out[name] = kinds
        return out

    def settle(self, stored: bool) -> None:
        """The change (or bulk insert) redacted since the last call was stored, or not."""
        if stored:
            self.counts.update(self._pending)
        self._pending.clear()


def pushed_texts(items: Iterable[object]) -> Iterator[str]:
    """The free texts of a push's raw items, as the server will check them: an upsert's
    author texts cleaned as intake cleans them, a review's texts as sent."""
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, names, clean in (("observation", AUTHOR_TEXT_FIELDS, True),
                                  ("changes", REVIEW_TEXT_FIELDS, False)):
            part = item.get(key)
            if not isinstance(part, dict):
                continue
            for name in names:
                value = part.get(name)
                if isinstance(value, str) and value:
                    yield clean_text(value) if clean else value


def set_pii_policy(conn: Connection, org_id: str, policy: str) -> dict[str, Any]:
    """Set what the organisation's PCs do with personal data in a text. PCs hear of it at
    their next sync (the reference version moves)."""
    if policy not in PII_POLICIES:
        raise AdminError(f"The privacy policy must be one of: {', '.join(PII_POLICIES)}.")
    current = pii_policy_of(conn, org_id)
    if current["pii_policy"] != policy:
        conn.execute(update(t.organisations).where(t.organisations.c.id == org_id)
                     .values(pii_policy=policy))
        bump_reference(conn, org_id)
    return pii_policy_of(conn, org_id)


def pii_policy_of(conn: Connection, org_id: str) -> dict[str, Any]:
    """The organisation's privacy policy, as the CLI shows it."""
    policy = conn.execute(select(t.organisations.c.pii_policy)
                          .where(t.organisations.c.id == org_id)).scalar_one()
    return {"org_id": org_id, "pii_policy": policy or PII_POLICIES[0]}
