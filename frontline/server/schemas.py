# Long: every model of the HTTP API in one place, mirrored field by field in sync.protocol.
"""Pydantic models of the HTTP API: they validate every request and document the API in
`/openapi.json`. They mirror the TypedDicts of `frontline.sync.protocol` (which the
desktop imports without pydantic); a test checks the two agree field by field."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt

from frontline.core.model import clean_text, observed_at_problem
from frontline.core.vocabulary import AUDIT_ACTIONS

#: A UUID in its canonical form (lowercase, hyphenated), as `frontline.core.ids.new_id`
#: writes it. Every id a client sends is one; nothing else reaches the database or a PC.
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
_UUID = re.compile(UUID_PATTERN)


def _uuid(value: str) -> str:
    if not _UUID.fullmatch(value):
        raise ValueError("must be a UUID in canonical form (lowercase hex, with hyphens)")
    return value


def _observed_at(value: str) -> str:
    problem = observed_at_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _clean(value: str) -> str:
    return clean_text(value)


_UUID_SCHEMA = {"pattern": UUID_PATTERN, "format": "uuid"}
#: A mutation id (the idempotency key): a UUID, made by the client.
Id = Annotated[str, Field(min_length=36, max_length=36, json_schema_extra=_UUID_SCHEMA),
               AfterValidator(_uuid)]
#: The id of a stored thing (observation, store, team, user, device): a UUID string.
RowId = Id
#: `observed_at`: ISO 8601 with an offset, inside the plausibility window
#: (`frontline.core.model.observed_at_problem`).
Time = Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_observed_at)]
#: A time the server owns and ignores when a client sends it (the desktop sends them back).
IgnoredTime = Annotated[str, Field(max_length=40)]


def text(limit: int, *, min_length: int = 0) -> Any:
    """Free text, passed through `clean_text` (NFC, no control characters) at the edge."""
    return Annotated[str, Field(min_length=min_length, max_length=limit), AfterValidator(_clean)]


ShortText = text(200)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Health(Strict):
    status: str
    protocol: int


class ErrorBody(Strict):
    error: str = Field(description="A stable code, e.g. update_required, unauthorized")
    message: str = Field(description="What happened and what to do, for a person")


class EnrolRequest(Strict):
    protocol: StrictInt | None = None
    code: Annotated[str, Field(min_length=1, max_length=64)]
    device_name: text(200, min_length=1)  # type: ignore[valid-type]


class EnrolResponse(Strict):
    device_id: str
    device_token: str
    org_id: str
    store_id: str
    expires_at: str


class SignInRequest(Strict):
    protocol: StrictInt | None = None
    username: Annotated[str, Field(min_length=1, max_length=120)]
    password: Annotated[str, Field(min_length=1, max_length=1000)]


class UserOut(Strict):
    id: str
    username: str
    display_name: str
    role: Literal["employee", "manager", "leader", "admin"]  # == vocabulary.ROLES (tested)
    store_id: str | None
    team_id: str | None
    region_id: str | None
    disabled: bool
    pin_hash: str | None = None


class SignInResponse(Strict):
    user_token: str
    expires_at: str
    user: UserOut


class WhoAmI(Strict):
    org_id: str
    user: UserOut | None
    device_id: str | None
    store_id: str | None


class EnrolmentCodeRequest(Strict):
    protocol: StrictInt | None = None
    store_id: RowId


class EnrolmentCodeResponse(Strict):
    code: str
    store_id: str
    expires_at: str


class Empty(Strict):
    protocol: StrictInt | None = None


# --- observations and mutations -------------------------------------------------------


class ObservationIn(Strict):
    """The content of an observation as its author sends it. Review-side fields may be
    present (the desktop sends `Observation.to_dict()`) and are ignored."""

    id: RowId
    observed_at: Time
    kind: Annotated[str, Field(max_length=40)]
    summary: Annotated[str, Field(max_length=10_000)]
    details: Annotated[str, Field(max_length=40_000)] = ""
    customer_words: Annotated[str, Field(max_length=40_000)] = ""
    action_taken: Annotated[str, Field(max_length=40_000)] = ""
    suggestion: Annotated[str, Field(max_length=40_000)] = ""
    channel: Annotated[str, Field(max_length=40)] = "in_store"
    customer_type: Annotated[str, Field(max_length=40)] = "unknown"
    customer_segment: Annotated[str, Field(max_length=1000)] = ""
    category: Annotated[str, Field(max_length=60)] | None = None
    department: Annotated[str, Field(max_length=60)] | None = None
    severity: StrictInt | None = None
    switch_risk: StrictBool = False
    store_id: RowId | None = None
    team_id: RowId | None = None
    author_id: RowId | None = None
    anonymous: StrictBool = False
    device_id: RowId | None = None
    # ignored on upsert: the server owns these
    status: Annotated[str, Field(max_length=40)] | None = None
    assignee_department: Annotated[str, Field(max_length=60)] | None = None
    response: Annotated[str, Field(max_length=40_000)] | None = None
    responded_at: IgnoredTime | None = None
    duplicate_of: RowId | None = None
    wont_act_reason: Annotated[str, Field(max_length=40_000)] | None = None
    received_at: IgnoredTime | None = None
    updated_at: IgnoredTime | None = None
    escalated: StrictBool | None = None
    escalation_note: Annotated[str, Field(max_length=40_000)] | None = None
    rev: StrictInt | None = None


class ObservationOut(Strict):
    id: str
    observed_at: str
    kind: str
    summary: str
    details: str
    customer_words: str
    action_taken: str
    suggestion: str
    channel: str
    customer_type: str
    customer_segment: str
    category: str | None
    department: str | None
    severity: int | None
    switch_risk: bool
    store_id: str
    team_id: str | None
    author_id: str | None
    anonymous: bool
    device_id: str | None
    status: str
    assignee_department: str | None
    response: str
    responded_at: str | None
    duplicate_of: str | None
    wont_act_reason: str
    escalated: bool
    escalation_note: str
    raised_by: int = 1
    received_at: str
    updated_at: str
    rev: int


class UpsertMutation(Strict):
    id: Id
    op: Literal["observation.upsert"]
    observation: ObservationIn


class WithdrawMutation(Strict):
    id: Id
    op: Literal["observation.withdraw"]
    observation_id: RowId


class ReviewChanges(Strict):
    status: Annotated[str, Field(max_length=40)] | None = None
    assignee_department: Annotated[str, Field(max_length=60)] | None = None
    response: text(4000) | None = None  # type: ignore[valid-type]
    category: Annotated[str, Field(max_length=60)] | None = None
    department: Annotated[str, Field(max_length=60)] | None = None
    wont_act_reason: text(4000) | None = None  # type: ignore[valid-type]
    escalated: StrictBool | None = None
    escalation_note: text(4000) | None = None  # type: ignore[valid-type]


class ReviewMutation(Strict):
    id: Id
    op: Literal["review.update"]
    observation_id: RowId
    base_rev: Annotated[StrictInt, Field(ge=0)]
    changes: ReviewChanges


class MergeMutation(Strict):
    """Mark `observation_id` as a duplicate of `into` (or of `into`'s original)."""

    id: Id
    op: Literal["review.merge"]
    observation_id: RowId
    base_rev: Annotated[StrictInt, Field(ge=0)]
    into: RowId


class UnmergeMutation(Strict):
    """Undo a merge: back to what the observation was before it."""

    id: Id
    op: Literal["review.unmerge"]
    observation_id: RowId
    base_rev: Annotated[StrictInt, Field(ge=0)]


Mutation = Annotated[UpsertMutation | WithdrawMutation | ReviewMutation | MergeMutation
                     | UnmergeMutation, Field(discriminator="op")]


class PushRequest(Strict):
    """A batch of mutations. Each item is validated on its own: one malformed item is
    answered `rejected` and the others still apply."""

    protocol: StrictInt | None = None
    mutations: list[Mutation] = Field(max_length=100_000)


class PushEnvelope(Strict):
    """The outer shape of a push, checked before the items one by one."""

    protocol: StrictInt | None = None
    mutations: list[object]


class AcceptedOut(Strict):
    """The short result of a newly created observation (`X-Frontline-Push-Results: short`):
    what the server decided; the rest is what the client sent (see `frontline.sync.protocol`)."""

    id: str
    rev: int
    received_at: str
    updated_at: str
    store_id: str
    author_id: str | None
    device_id: str | None
    status: str
    changed: dict[str, Any] | None = Field(
        default=None, description="Content fields stored otherwise than sent (cleaned texts, "
        "normalised time)")


class MutationResult(Strict):
    mutation_id: str | None
    status: Literal["applied", "already_applied", "rejected", "conflict"]
    reason: str | None = None
    observation: ObservationOut | None = None
    accepted: AcceptedOut | None = None
    original_status: str | None = None


class PushResponse(Strict):
    protocol: int
    results: list[MutationResult]


class PullResponse(Strict):
    protocol: int
    cursor: str
    has_more: bool
    observations: list[ObservationOut]
    reference_version: int
    server_time: str
    removed: list[str] = Field(default_factory=list,
                               description="Ids deleted on the server since the cursor")
    reset: bool = Field(False, description="The cursor was not issued by this database (it was "
                        "restored from a backup): this page starts from the beginning; take "
                        "the server's state and send again what it lacks")


class Choice(Strict):
    code: str
    label: str


class CategoryOut(Strict):
    code: str
    label: str
    department: str


class TaxonomyOut(Strict):
    kinds: list[Choice]
    channels: list[Choice]
    customer_types: list[Choice]
    departments: list[Choice]
    categories: list[CategoryOut]


class OrganisationOut(Strict):
    id: str
    name: str
    retention_days: int | None
    retention_action: str = "delete"  # delete | strip_text
    local_keep_days: int | None = None
    pii_policy: str = "redact"  # redact | block: what the PCs do (the server always redacts)


class RegionOut(Strict):
    id: str
    name: str
    disabled: bool


class StoreOut(Strict):
    id: str
    code: str
    name: str
    region_id: str | None
    disabled: bool


class TeamOut(Strict):
    id: str
    store_id: str
    name: str
    disabled: bool


class ReferenceData(Strict):
    protocol: int
    reference_version: int
    organisation: OrganisationOut
    regions: list[RegionOut]
    stores: list[StoreOut]
    teams: list[TeamOut]
    users: list[UserOut]
    taxonomy: TaxonomyOut


class DeviceOut(Strict):
    id: str
    store_id: str
    name: str
    created_at: str
    expires_at: str
    revoked_at: str | None
    last_seen_at: str | None


class AuditEntry(Strict):
    at: str
    action: Literal[AUDIT_ACTIONS]  # type: ignore[valid-type]  # every one the server writes
    rev: int
    actor_user_id: str | None
    actor_role: str | None
    device_id: str | None
    changes: dict[str, list[Any]] = Field(description="{field: [old, new]}")


# --- insights (GET /v1/insights; frontline.server.insights) ---------------------------


class InsightScope(Strict):
    role: Literal["manager", "leader", "admin"]  # == vocabulary.REVIEWER_ROLES (tested)
    label: str = Field(description="What the figures cover, e.g. 'Region North'")
    stores: int = Field(description="How many stores the caller's scope holds")


class InsightFilters(Strict):
    kind: str | None
    channel: str | None
    customer_type: str | None
    store: str | None
    region: str | None = None


class InsightTheme(Strict):
    category: str | None = Field(description="A category code; null: not yet categorised")
    kind: str
    count: int
    switch_risk: int = Field(description="How many of them the customer said they might leave")
    answered: int


class InsightStore(Strict):
    store_id: str
    code: str
    name: str
    region: str | None
    count: int
    switch_risk: int
    answered: int
    action_taken: int
    open: int


class InsightDepartment(Strict):
    department: str | None
    count: int
    switch_risk: int


class InsightWeek(Strict):
    week: str = Field(description="The Monday that starts the ISO week (YYYY-MM-DD)")
    count: int
    pain_point: int
    praise: int
    idea: int
    switch_risk: int


class InsightLoop(Strict):
    decided_on: int = Field(description="Observations a manager had to decide on "
                            "(every status but withdrawn and duplicate)")
    answered: int
    answered_share: float | None
    action_taken: int
    action_taken_share: float | None
    closed: int
    closed_share: float | None
    wont_act: int
    wont_act_share: float | None
    open: int = Field(description="new, acknowledged or in progress")
    open_share: float | None
    duplicates: int
    median_days_to_answer: float | None = Field(
        description="Median time from observed_at to the answer, to the hour, in days")


class InsightQuote(Strict):
    words: str = Field(description="The customer's words, verbatim (never who recorded them)")
    observed_on: str
    store: str
    kind: str
    channel: str
    customer_type: str
    switch_risk: bool
    severity: int | None


class InsightDiscoveredTheme(Strict):
    label: str = Field(description="The theme's three most characteristic words")
    terms: list[str]
    count: int = Field(description="Its observations in the range, within the caller's scope")
    previous: int = Field(description="Its observations in as many days just before `since`")
    top_category: str | None = Field(description="The category most of them carry, if any")
    top_category_share: float | None
    emerging: bool = Field(description="Rising (at least 3, and at least twice the previous "
                           "period) and matching no category (none holds half of them)")
    computed_at: str = Field(description="When `frontline-server themes run` found it")


class InsightHeatCell(Strict):
    store_id: str
    category: str | None = Field(description="A category code; null: not yet categorised")
    count: int


class InsightPrevious(Strict):
    """The scorecard and themes over the period of the same length just before."""

    since: str
    until: str
    total: int
    switch_risk: int
    switch_risk_share: float | None
    loop: InsightLoop
    themes: list[InsightTheme]


class Insights(Strict):
    since: str
    until: str
    scope: InsightScope
    filters: InsightFilters
    total: int
    switch_risk: int
    switch_risk_share: float | None
    themes: list[InsightTheme]
    stores: list[InsightStore]
    departments: list[InsightDepartment]
    weeks: list[InsightWeek]
    loop: InsightLoop
    quotes_category: str | None = Field(
        description="The theme the quotes are from: `category`, or else the largest theme")
    quotes: list[InsightQuote]
    discovered_themes: list[InsightDiscoveredTheme] = Field(
        default_factory=list, description="Themes found in the observations' own words by "
        "the latest `frontline-server themes run` (docs/themes.md), counted within the "
        "caller's scope and filters")
    heatmap: list[InsightHeatCell] = Field(default_factory=list,
                                           description="Counts by store x category")
    previous: InsightPrevious | None = Field(
        None, description="Scorecard and themes over the same length of time just before")


class ObservationPage(Strict):
    """A page of the observations behind an Insights figure (`GET /v1/observations`)."""

    items: list[ObservationOut]
    next: str | None = Field(description="Cursor of the next page; null: this is the last")
    total: int = Field(description="How many observations the filters select, all pages")
