"""What the capture form holds, as a value: typed, validated and turned into an observation
in one place, with no Qt (the form only moves it in and out of its widgets).

    draft = Draft(kind="pain_point", summary="Till 4 froze", channel="in_store")
    draft.validate()                          # [] or [FieldError(field, message), ...]
    obs = draft.to_observation(author_id=person_id)
    store.drafts.save_draft(db, "capture", draft.to_dict())   # and Draft.from_dict back

`frontline.core.model` is imported on first use, not with this module: the capture form
builds drafts from its first keystrokes and the model pulls in the id generator.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frontline.core.vocabulary import AUTHOR_TEXT_FIELDS

if TYPE_CHECKING:
    from frontline.core.errors import FieldError
    from frontline.core.model import Observation

#: The free-text fields the author types (the form's reading order is the form's own).
TEXT_NAMES: tuple[str, ...] = tuple(n for n in AUTHOR_TEXT_FIELDS if n != "customer_segment")
#: Where a draft with no channel or customer type lands (what the form's lists default to).
DEFAULT_CHANNEL = "other"
DEFAULT_CUSTOMER_TYPE = "unknown"


@dataclass(frozen=True)
class Draft:
    """An observation being typed (new, or an edit of `editing`)."""

    id: str | None = None  # the id the observation will get (kept across a crash)
    kind: str = ""
    summary: str = ""
    customer_words: str = ""
    details: str = ""
    action_taken: str = ""
    suggestion: str = ""
    channel: str | None = None
    customer_type: str | None = None
    category: str | None = None
    department: str | None = None
    #: the department was chosen by hand, not set by the category
    department_overridden: bool = False
    severity: int | None = None
    switch_risk: bool = False
    anonymous: bool = False
    #: the stored observation an edit started from (None: a new observation)
    editing: Observation | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing typed and no edit going on: there is no draft to keep."""
        return not self.has_text and self.editing is None

    @property
    def has_text(self) -> bool:
        """Something was typed in a text field (blank space does not count)."""
        return any(getattr(self, name).strip() for name in TEXT_NAMES)

    # --- the observation ---------------------------------------------------------------

    @classmethod
    def from_observation(cls, obs: Observation) -> Draft:
        """A draft to edit `obs` (the author's, while its status is new)."""
        from frontline.core.taxonomy import department_of

        return cls(
            id=obs.id, kind=obs.kind, summary=obs.summary, customer_words=obs.customer_words,
            details=obs.details, action_taken=obs.action_taken, suggestion=obs.suggestion,
            channel=obs.channel, customer_type=obs.customer_type, category=obs.category,
            department=obs.department,
            department_overridden=(obs.department is not None
                                   and obs.department != department_of(obs.category or "")),
            severity=obs.severity, switch_risk=obs.switch_risk, anonymous=obs.anonymous,
            editing=obs)

    def to_observation(self, *, author_id: str | None = None) -> Observation:
        """The observation this draft describes, cleaned but not validated. A new one gets
        `author_id` (the person at the PC) unless it is anonymous; an edit keeps its author
        and review fields and gets a new `updated_at`."""
        from frontline.core.ids import utc_now
        from frontline.core.model import Observation

        content: dict[str, Any] = {name: getattr(self, name) for name in _OBSERVATION_FIELDS}
        content["channel"] = self.channel or DEFAULT_CHANNEL
        content["customer_type"] = self.customer_type or DEFAULT_CUSTOMER_TYPE
        if self.editing is not None:
            return dataclasses.replace(self.editing, updated_at=utc_now(), **content).cleaned()
        return Observation.new(id=self.id, author_id=None if self.anonymous else author_id,
                               **content)

    def validate(self) -> list[FieldError]:
        """What must be fixed before saving (empty when it can be saved)."""
        from frontline.core.errors import ValidationError
        from frontline.core.model import validate

        try:
            validate(self.to_observation())
        except ValidationError as error:
            return list(error.errors)
        return []

    # --- the drafts table ----------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values, as the drafts table keeps them."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["editing"] = self.editing.to_dict() if self.editing is not None else None
        return values

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Draft:
        """A draft from the drafts table (missing or unknown keys are ignored)."""
        editing = values.get("editing")
        if editing:
            from frontline.core.model import Observation

            editing = Observation.from_dict(editing)
        severity = values.get("severity")

        def text(name: str) -> str:
            return str(values.get(name) or "")

        def code(name: str) -> str | None:
            return str(values[name]) if values.get(name) else None

        return cls(
            id=code("id"), kind=text("kind"), summary=text("summary"),
            customer_words=text("customer_words"), details=text("details"),
            action_taken=text("action_taken"), suggestion=text("suggestion"),
            channel=code("channel"), customer_type=code("customer_type"),
            category=code("category"), department=code("department"),
            department_overridden=bool(values.get("department_overridden")),
            severity=int(severity) if severity is not None else None,
            switch_risk=bool(values.get("switch_risk")),
            anonymous=bool(values.get("anonymous")),
            editing=editing or None)


#: The draft's fields that are the observation's own (the rest are the form's bookkeeping).
_OBSERVATION_FIELDS: tuple[str, ...] = tuple(
    f.name for f in dataclasses.fields(Draft) if f.name not in ("id", "department_overridden",
                                                                 "editing"))
