"""Customer personal data never reaches the local file: every path that stores free text
passes it through `enforce` first (issue 12).

    enforced = enforce_in(db, {"summary": "...", "details": "call 06 12 34 56 78"})
    enforced.fields   # {"summary": "...", "details": "call [phone]"}   (policy "redact")
    enforced.found    # [Found("details", "PHONE")]

Under the organisation's policy "block" the same call raises `PersonalDataError`, naming
each field and kind, and nothing is stored. The policy, the staff names (which are not
customers' names) and the organisation's public numbers come from the reference data this
PC last received (`frontline.store.reference`), so the PC applies the rule offline too.

Callers: `observations.save_observation` (new, an author's edit, and so `io.import_file`),
`review.review` (answer, won't-act reason, escalation note) and `drafts.save_draft` (a draft
is redacted whatever the policy: it is never refused, it is the text still being typed).
The outbox payload is built from the stored row, so it carries what was stored.

`frontline.core.pii` is imported on first use: it loads phone metadata (about half a
second), which the app's start-up must not wait for.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from frontline.core.errors import FieldError, KnownError, ValidationError
from frontline.core.vocabulary import FREE_TEXT_LABELS, PII_POLICIES
from frontline.store import outbox
from frontline.store.reference import DEFAULT_PII_POLICY, REFERENCE_KEY, privacy_policy_of

#: What the messages call each free-text field (the form's labels).
FIELD_LABELS: dict[str, str] = FREE_TEXT_LABELS
#: What the messages call each kind of personal data (`frontline.core.pii.KINDS`).
KIND_WORDS: dict[str, str] = {
    "EMAIL": "an email address", "PHONE": "a phone number", "CARD": "a card number",
    "IBAN": "a bank account number (IBAN)", "ADDRESS": "a postal address",
    "NAME": "a customer's name",
}
#: Short forms for "once the … is removed".
_KIND_NOUNS: dict[str, str] = {
    "EMAIL": "email address", "PHONE": "phone number", "CARD": "card number",
    "IBAN": "bank account number", "ADDRESS": "address", "NAME": "name",
}
#: Fields that must say something once redacted, and what to write instead.
_MUST_SAY: dict[str, str] = {
    "summary": "say what the customer experienced",
    "response": "say what was done or decided",
    "wont_act_reason": "say why nothing will be done",
    "escalation_note": "say why this needs leadership",
}
_PLACEHOLDER = re.compile(r"\[(?:email|phone|card|iban|address|name)\]")


@dataclass(frozen=True)
class Found:
    """One piece of personal data found: in which field, of which kind (`EMAIL`, …)."""

    field: str
    kind: str


@dataclass(frozen=True)
class Enforced:
    """The fields as they may be stored, and what was found (and replaced) in them."""

    fields: dict[str, str]
    found: list[Found]

    @property
    def changed(self) -> bool:
        return bool(self.found)


def describe(found: Sequence[Found]) -> str:
    """"a phone number in Details, an email address in Summary" (each pair once, in order)."""
    seen: list[tuple[str, str]] = []
    for item in found:
        if (item.field, item.kind) not in seen:
            seen.append((item.field, item.kind))
    return ", ".join(f"{KIND_WORDS.get(kind, 'personal data')} in "
                     f"{FIELD_LABELS.get(field, field)}" for field, kind in seen)


class PersonalDataError(KnownError):
    """The organisation's policy is "block" and a text holds customer personal data:
    nothing was stored. `found` names each field and kind."""

    def __init__(self, found: Sequence[Found]):
        self.found = list(found)
        super().__init__(
            f"Not saved: customers' personal data must not be stored ({describe(found)}). "
            "Remove it, or describe the customer without it, then save again.")


class EmptyAfterRedactionError(ValidationError):
    """A text that must say something would hold nothing but placeholders."""


@dataclass(frozen=True)
class Context:
    """What `enforce` needs from the reference data."""

    policy: str = DEFAULT_PII_POLICY
    staff_names: tuple[str, ...] = ()
    public_numbers: tuple[str, ...] = ()


def _detector() -> Any:
    from frontline.core import pii  # first use only: phone metadata loads here

    return pii


def enforce(fields: Mapping[str, str], *, policy: str = DEFAULT_PII_POLICY,
            regions: Sequence[str] | None = None, staff_names: Iterable[str] = (),
            public_numbers: Iterable[str] = (), must_say: bool = True) -> Enforced:
    """Detect personal data in each text of `fields` (a field name to its text). Under
    "redact" return the texts with placeholders; under "block" raise `PersonalDataError`
    when anything was found. Raises `EmptyAfterRedactionError` when a text that must say
    something (summary, answer, reason, note) would be left with nothing but placeholders
    (unless `must_say` is False: a draft may be unfinished)."""
    if policy not in PII_POLICIES:
        policy = DEFAULT_PII_POLICY
    staff, public = tuple(staff_names), tuple(public_numbers)
    out: dict[str, str] = dict(fields)
    found: list[Found] = []
    emptied: list[FieldError] = []
    for name, text in fields.items():
        if not isinstance(text, str) or not text.strip():
            continue
        pii = _detector()
        entities = pii.detect(text, regions=regions, staff_names=staff or None,
                              public_numbers=public or None)
        if not entities:
            continue
        found.extend(Found(name, e.kind) for e in entities)
        out[name] = pii.redact(text, entities)
        if must_say and name in _MUST_SAY and not _says_something(out[name]):
            kinds = " and ".join(dict.fromkeys(_KIND_NOUNS.get(e.kind, "personal data")
                                               for e in entities))
            label = FIELD_LABELS.get(name, name).lower()
            emptied.append(FieldError(name, f"The {label} would be empty once the {kinds} "
                                            f"{'is' if ' and ' not in kinds else 'are'} "
                                            f"removed: {_MUST_SAY[name]}."))
    if found and policy == "block":
        raise PersonalDataError(found)
    if emptied:
        raise EmptyAfterRedactionError(emptied)
    return Enforced(out, found)


def _says_something(text: str) -> bool:
    return any(ch.isalnum() for ch in _PLACEHOLDER.sub("", text))


# --- the context from the reference data ------------------------------------------------

_cache_lock = threading.Lock()
_cache: tuple[str | None, Context] = (None, Context())


def context_of(reference: Mapping[str, Any]) -> Context:
    """The policy, staff names and public numbers in reference data (as stored)."""
    users = reference.get("users") or []
    names = tuple(sorted({str(u.get("display_name") or "").strip() for u in users
                          if isinstance(u, Mapping)} - {""}))
    numbers: set[str] = set()
    organisation = reference.get("organisation") or {}
    if isinstance(organisation, Mapping):
        numbers.update(str(n) for n in organisation.get("public_numbers") or () if n)
    for store in reference.get("stores") or ():
        if isinstance(store, Mapping):
            numbers.update(str(store[key]) for key in ("phone", "phone_number")
                           if store.get(key))
    return Context(privacy_policy_of(reference), names, tuple(sorted(numbers)))


def privacy_context(db: Database) -> Context:
    """The context from this PC's reference data (parsed again only when it changed)."""
    global _cache
    raw = outbox.get_state(db, REFERENCE_KEY)
    held_raw, held = _cache
    if raw is not None and raw == held_raw:
        return held
    import json

    fresh = context_of(json.loads(raw)) if raw else Context()
    with _cache_lock:
        _cache = (raw, fresh)
    return fresh


def enforce_in(db: Database, fields: Mapping[str, str], *, policy: str | None = None
               ) -> Enforced:
    """`enforce` with this PC's policy (or `policy`), staff names and public numbers."""
    ctx = privacy_context(db)
    return enforce(fields, policy=policy or ctx.policy, staff_names=ctx.staff_names,
                   public_numbers=ctx.public_numbers)
