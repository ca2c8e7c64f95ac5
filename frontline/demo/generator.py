"""Generate demo observations: deterministic for a seed and a `now`, fast enough for
benchmarks (see `generate`)."""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterator
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from functools import cache
from itertools import accumulate
from random import Random
from typing import Any

from frontline.core.model import Observation
from frontline.demo import content, responses
from frontline.demo.org import DemoOrg, Person, Store, demo_org
from frontline.demo.situations import Situation, parse
from frontline.demo.templates import (
    Template,
    compile_template,
    render,
    render_fragment,
    slots_of,
)

HISTORY_DAYS = 548  # about eighteen months
LOCAL_SHARE = 0.16  # in a store whose language is not English, the share written in it
ANONYMOUS_SHARE = 0.06

_DAY_NAMES = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "es": ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"),
    "nl": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
    "pl": ("poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"),
}
_MONTHS = {  # as a date is written in a sentence: "3 Dec", "3. Dezember", "3 de diciembre"
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
          "december",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
          "listopada grudnia",
}
_DATE_FORMAT = {"de": "{day}. {month}", "es": "{day} de {month}"}
# (retail, call centre) relative volume per weekday, Monday first
_WEEKDAY = {False: (0.85, 0.8, 0.9, 1.0, 1.15, 1.6, 0.7),
            True: (1.3, 1.1, 1.0, 1.0, 0.95, 0.6, 0.4)}
_PRICES = {"grocery": (1.0, 30.0), "fashion": (12.0, 160.0), "electronics": (15.0, 1400.0),
           "diy": (4.0, 450.0)}
_RETAIL_FORMATS = ("grocery", "fashion", "electronics", "diy")

# Status mix by age in days: (upper age bound, ((status, weight), …)).
_STATUS_BY_AGE: tuple[tuple[float, tuple[tuple[str, float], ...]], ...] = (
    (2, (("new", 88), ("acknowledged", 12))),
    (14, (("new", 45), ("acknowledged", 24), ("in_progress", 20), ("action_taken", 5),
          ("closed", 2), ("wont_act", 2), ("duplicate", 2))),
    (60, (("new", 14), ("acknowledged", 10), ("in_progress", 20), ("action_taken", 26),
          ("closed", 20), ("wont_act", 6), ("duplicate", 3), ("withdrawn", 1))),
    (1e9, (("new", 5), ("acknowledged", 3), ("in_progress", 6), ("action_taken", 26),
           ("closed", 49), ("wont_act", 7), ("duplicate", 3), ("withdrawn", 1))),
)


# Slots whose value depends on the row (its time, store or author), not on the situation:
# rendered as "\x00name\x00" in the cached texts and filled in per observation.
_LATE = frozenset({"time", "day", "daypart", "date", "colleague", "manager"})
_COMPUTED = _LATE | {"amount", "higher", "fee", "dept", "bare"}
_SENTINEL = "\x00"
# How many text variants of a situation are kept per store format and currency before
# variants start being reused, and the chance of a fresh one after that.
_VARIANTS = 16
_FRESH = 0.02
_SHAPES = 3  # ways each variant is written down (which fields, channel, customer)
_SHARED_ANSWERS = 12  # answers kept per situation and status when they name nothing


@dataclass(frozen=True)
class _StorePlan:
    """What `generate` precomputes per store."""

    store: Store
    own: tuple[tuple[Situation, ...], tuple[float, ...]]  # English situations that fit
    local: tuple[tuple[Situation, ...], tuple[float, ...]]  # those in the store's language
    colleagues: tuple[str, ...]  # first names of employees, for {colleague}
    manager_names: tuple[str, ...]  # first names of managers, for {manager} and sign-offs


class _Variant:
    """The texts of one rendering of a situation, with late slots left as sentinels, and
    the slot values they were rendered with (reused by the manager's answer)."""

    __slots__ = ("gen", "sit", "lang", "fmt", "currency", "bound", "summary", "details",
                 "quote", "threat", "action", "suggestion", "amount", "answers", "shapes",
                 "late_fields")

    def __init__(self, gen: _Generator, sit: Situation, fmt: str, currency: str) -> None:
        self.gen, self.sit, self.lang = gen, sit, sit.language
        self.fmt, self.currency = fmt, currency
        self.bound: dict[str, str] = {}
        self.amount = 0.0
        self.answers: dict[str, str] = {}  # a manager's answer per status, rendered once
        self.summary = self.details = self.quote = self.action = self.suggestion = ""
        self.threat = False  # the quote is itself a threat to leave
        self.shapes: list[dict[str, Any]] = []  # see _Generator._shape
        self.late_fields: tuple[str, ...] = ()  # text fields that may hold sentinels

    def lookup(self, name: str) -> str:
        """A slot's value for rendering this variant: late slots become sentinels."""
        if _base(name) in _LATE:
            return f"{_SENTINEL}{name}{_SENTINEL}"
        return self.gen._lookup(self, name)


class _Row:
    """One observation being made: its variant, store, local time and author."""

    __slots__ = ("gen", "variant", "plan", "local_ms", "author", "late")

    def __init__(self, gen: _Generator, variant: _Variant, plan: _StorePlan, local_ms: int,
                 author: Person | None) -> None:
        self.gen, self.variant, self.plan = gen, variant, plan
        self.local_ms, self.author = local_ms, author
        self.late: dict[str, str] = {}

    def lookup(self, name: str) -> str:
        if _base(name) in _LATE:
            value = self.late.get(name)
            if value is None:
                value = self.late[name] = self.gen._late_slot(name, self)
            return value
        return self.gen._lookup(self.variant, name)

    def fill(self, text: str) -> str:
        """Replace the late-slot sentinels in `text` with this row's values."""
        if _SENTINEL not in text:
            return text
        parts = text.split(_SENTINEL)
        for i in range(1, len(parts), 2):
            parts[i] = self.lookup(parts[i])
        text = "".join(parts)
        return text[0].upper() + text[1:] if text[:1].islower() else text


@cache
def situations() -> tuple[Situation, ...]:
    """Every demo situation, parsed and checked once."""
    parsed: list[Situation] = []
    for text in content.situation_texts():
        parsed.extend(parse(text))
    names = _vocab_names()
    for s in parsed:
        for group in (s.summaries, s.details, s.quotes, s.threat_quotes, s.actions,
                      s.suggestions, s.responses, s.refusals):
            for template in group:
                unknown = {_base(n) for n in slots_of(template)} - names - set(s.vocab)
                if unknown:
                    raise ValueError(f"demo situation {s.source!r} uses unknown slots {unknown}")
    return tuple(parsed)


def _slots_of_situation(s: Situation) -> frozenset[str]:
    names: set[str] = set()
    for group in (s.summaries, s.details, s.quotes, s.threat_quotes, s.actions,
                  s.suggestions, s.responses, s.refusals):
        for template in group:
            names |= {_base(n) for n in slots_of(template)}
    return frozenset(names)


_BASES: dict[str, str] = {}


def _base(name: str) -> str:
    """The list a slot draws from: `item2` → `item`."""
    base = _BASES.get(name)
    if base is None:
        base = _BASES[name] = name.rstrip("0123456789")
    return base


@cache
def _vocab_entries() -> dict[str, tuple[str, ...]]:
    """The raw values of each vocabulary list (`data/vocab.txt`, format in `content`)."""
    entries: dict[str, list[str]] = {}
    key = ""
    for line in content.lines(content.read("vocab.txt")):
        if not line.startswith("|"):
            key, _, line = line.partition(":")
            key = key.strip()
            entries[key] = []
        entries[key].extend(v.strip() for v in line.strip("|").split(" | ") if v.strip())
    return {k: tuple(v) for k, v in entries.items()}


@cache
def _vocab() -> dict[str, tuple[Template, ...]]:
    return {k: tuple(compile_template(v.partition("@")[0]) for v in values)
            for k, values in _vocab_entries().items()}


@cache
def _item_prices() -> dict[str, tuple[float, float]]:
    """An item's usual price range, from the `@low-high` notes in the vocabulary."""
    prices: dict[str, tuple[float, float]] = {}
    for values in _vocab_entries().values():
        for value in values:
            name, _, span = value.partition("@")
            if span:
                low, _, high = span.partition("-")
                prices[name] = (float(low), float(high))
    return prices


def _vocab_names() -> frozenset[str]:
    return frozenset(k.split(".")[0] for k in _vocab()) | _COMPUTED


def _eu_summer_time(day: date) -> bool:
    """EU summer time (the switch hour itself is ignored: shops are closed at 1 a.m.)."""
    def last_sunday(month: int) -> date:
        d = date(day.year, month, 31)
        return d - timedelta(days=(d.weekday() + 1) % 7)
    return last_sunday(3) <= day < last_sunday(10)


def _season(day: date, fmt: str) -> float:
    factor = 1.0
    if day.month == 12 and day.day < 24:
        factor = 1.35
    elif day.month == 1:
        factor = 1.2  # returns and sales
    elif day.month == 11 and day.day >= 20 and fmt in ("electronics", "call_centre"):
        factor = 1.4  # Black Friday
    elif day.month in (4, 5, 6) and fmt == "diy":
        factor = 1.3  # gardens
    elif day.month == 8:
        factor = 0.9
    return factor


# Observation is a frozen dataclass without __slots__ or __post_init__, so filling its
# __dict__ builds the same object as its constructor at a fifth of the cost (a test checks
# the two agree). If the model ever changes shape, the constructor is used instead.
_OBSERVATION_FIELDS = tuple(f.name for f in fields(Observation))
_FAST_BUILD = not hasattr(Observation, "__slots__") and not hasattr(Observation, "__post_init__")


def _build(values: dict[str, Any]) -> Observation:
    if _FAST_BUILD:
        obs = object.__new__(Observation)
        obs.__dict__.update(values)
        return obs
    return Observation(**values)


class _Generator:
    def __init__(self, seed: int, now: datetime, org: DemoOrg,
                 store_codes: Collection[str] | None) -> None:
        self.rng = Random(seed)
        self.now = now
        self.now_ms = int(now.timestamp() * 1000)
        self.org = org
        stores = [s for s in org.stores if store_codes is None or s.code in store_codes]
        if not stores:
            raise ValueError(
                f"The demo organisation has none of the stores "
                f"{', '.join(sorted(store_codes or ()))}. "
                f"Choose from {', '.join(s.code for s in org.stores)}.")
        self.plans = [self._plan(s) for s in stores]
        self.vocab = _vocab()
        self.sit_index = {id(s): i for i, s in enumerate(situations())}
        self.sit_slots = {id(s): _slots_of_situation(s) for s in situations()}
        self.prices = _item_prices()
        self.retail_formats = {
            id(s): tuple(f for f in _RETAIL_FORMATS if f in s.formats) or _RETAIL_FORMATS
            for s in situations()}
        self.variants: dict[tuple[int, str, str, bool], list[_Variant]] = {}
        self.shared_answers: dict[tuple[int, str], list[str]] = {}
        self.authors: dict[tuple[int, int], tuple[Person, ...]] = {}
        self.last_id: dict[tuple[int, int], str] = {}
        self.status_mix = [(age, tuple(n for n, _ in mix), tuple(accumulate(w for _, w in mix)))
                           for age, mix in _STATUS_BY_AGE]
        self.status_ages = [age for age, _ in _STATUS_BY_AGE[:-1]]
        self.segments = {k: tuple(t[0] for t in v if len(t) == 1 and isinstance(t[0], str))
                         for k, v in self.vocab.items() if k.startswith("segment")}

    def _plan(self, store: Store) -> _StorePlan:
        own = [s for s in situations() if store.format in s.formats and s.language == "en"]
        local = [s for s in situations() if store.format in s.formats and s.language != "en"
                 and s.language == store.language]
        people = self.org.people_of(store.id)
        return _StorePlan(
            store,
            (tuple(own), tuple(accumulate(s.weight for s in own))),
            (tuple(local), tuple(accumulate(s.weight for s in local))),
            tuple(p.first_name for p in people if p.role == "employee"),
            tuple(p.first_name for p in people if p.role == "manager"),
        )

    # --- when and where ------------------------------------------------------------------

    def schedule(self, count: int) -> list[tuple[int, int, int]]:
        """`count` (epoch milliseconds, plan index, UTC offset in hours) triples, oldest
        first, following weekly, daily and seasonal rhythms and the app's roll-out."""
        rng = self.rng
        start = (self.now - timedelta(days=HISTORY_DAYS)).date()
        days = [start + timedelta(days=i) for i in range(HISTORY_DAYS + 1)]
        cells: list[tuple[int, int]] = []
        weights: list[float] = []
        for p, plan in enumerate(self.plans):
            store = plan.store
            calls = store.kind == "call_centre"
            for i, day in enumerate(days):
                if store.hours[day.weekday()] is None:
                    continue
                rollout = 0.25 + 0.75 * min(1.0, i / (HISTORY_DAYS * 0.35))
                cells.append((p, i))
                weights.append(store.busy * rollout * _WEEKDAY[calls][day.weekday()]
                               * _season(day, store.format))
        first_day = (start - date(1970, 1, 1)).days
        summer = [_eu_summer_time(d) for d in days]
        # per cell: the UTC second of local midnight, opening hour, hours open, UTC offset
        shapes: list[tuple[int, float, float, int]] = []
        for p, i in cells:
            store = self.plans[p].store
            hours = store.hours[days[i].weekday()]
            assert hours is not None
            offset = store.utc_offset + (1 if summer[i] else 0)
            shapes.append(((first_day + i) * 86400 - offset * 3600, (hours[0] + 0.1) * 3600,
                           (hours[1] - hours[0] - 0.3) * 3600, offset))
        out: list[tuple[int, int, int]] = []
        cum = list(accumulate(weights))
        limit = self.now_ms - 60_000
        random = rng.random
        indices = range(len(cells))
        while len(out) < count:
            for c in rng.choices(indices, cum_weights=cum, k=count - len(out)):
                midnight, opening, span, offset = shapes[c]
                x = random()
                if random() < 0.6:
                    x = x * x * (3 - 2 * x)  # busiest in the middle of the day
                ms = int((midnight + opening + x * span) * 1000)
                if ms < limit:
                    out.append((ms, cells[c][0], offset))
        out.sort()
        return out

    # --- texts ---------------------------------------------------------------------------

    def _variant(self, sit: Situation, fmt: str, currency: str, calls: bool) -> _Variant:
        """A rendering of `sit`: a fresh one for its first uses, then mostly a reuse. Shops
        and contact centres keep apart, as their channels and customers differ."""
        rng = self.rng
        key = (self.sit_index[id(sit)], fmt, currency, calls)
        pool = self.variants.get(key)
        if pool is None:
            pool = self.variants[key] = []
        if len(pool) >= _VARIANTS and rng.random() >= _FRESH:
            return pool[int(rng.random() * len(pool))]
        v = _Variant(self, sit, fmt, currency)
        lookup = v.lookup

        def pick(group: tuple[Template, ...]) -> str:
            return render(group[int(rng.random() * len(group))], rng, lookup) if group else ""

        v.summary = pick(sit.summaries)
        v.details = pick(sit.details)
        n_plain, n_threat = len(sit.quotes), len(sit.threat_quotes)
        k = int(rng.random() * (n_plain + n_threat))
        v.threat = k >= n_plain
        v.quote = "" if not (n_plain + n_threat) else pick(
            (sit.quotes[k],) if k < n_plain else (sit.threat_quotes[k - n_plain],))
        v.action = pick(sit.actions)
        v.suggestion = pick(sit.suggestions)
        # a shape may add a threat with late slots to the quote, so always check it
        v.late_fields = ("customer_words",) + tuple(name for name, text in (
            ("summary", v.summary), ("details", v.details), ("action_taken", v.action),
            ("suggestion", v.suggestion)) if _SENTINEL in text)
        if len(pool) >= _VARIANTS:
            pool[int(rng.random() * len(pool))] = v
        else:
            pool.append(v)
        return v

    def _lookup(self, v: _Variant, name: str) -> str:
        value = v.bound.get(name)
        if value is None:
            value = v.bound[name] = self._slot(v, name)
        return value

    def _slot(self, v: _Variant, name: str) -> str:
        """The value of a slot that depends only on the situation, format and currency."""
        rng = self.rng
        base = _base(name)
        if base in ("amount", "higher", "fee"):
            if base == "fee":
                value = rng.choice((3.95, 4.99, 5.95, 2.5, 6.99))
            elif base == "higher":
                self._lookup(v, "amount")
                shelf = v.amount
                value = (round(shelf * (1.08 + rng.random() * 0.35)) - 0.01 if shelf > 4
                         else shelf + 0.5)
            else:
                if "item" in self.sit_slots[id(v.sit)]:
                    self._lookup(v, "item")  # price the item the text names
                low, high = self.prices.get(v.bound.get("item", ""), _PRICES[v.fmt])
                value = low * (high / low) ** rng.random()
                if value > 4:
                    value = round(value) - rng.choice((0.01, 0.01, 0.05, 0.51, 0.0))
                else:
                    value = round(value, 1) - 0.01
                value = v.amount = max(value, 0.49)
            return _money(value, v.currency, v.lang)
        if base == "dept":
            return department_label(v.sit.department)
        if base == "bare":  # the item without its article, after "their", "faulty"…
            item = self._lookup(v, "item")
            return item.removeprefix("the ").removeprefix("a ")
        vocab = self.vocab
        values = v.sit.vocab.get(base) or vocab.get(f"{base}.{v.lang}") \
            or vocab.get(f"{base}.{v.fmt}") or vocab.get(base)
        if not values:
            raise KeyError(f"demo slot {name!r} has no values")
        value_text = ""
        for _ in range(4):  # {item2} differs from {item}
            value_text = render_fragment(values[int(rng.random() * len(values))], rng,
                                         v.lookup)
            if name == base or value_text != v.bound.get(base):
                break
        return value_text

    def _late_slot(self, name: str, row: _Row) -> str:
        """The value of a slot that depends on the observation's time, store or author."""
        rng = self.rng
        base = _base(name)
        local_ms = row.local_ms
        lang = row.variant.lang
        if base == "time":
            minutes = (local_ms // 60_000) % 1440 - int(rng.random() * 6) * 5
            minutes = max(minutes - minutes % 5, 0)
            return f"{minutes // 60:02d}:{minutes % 60:02d}"
        if base == "day":  # 1 Jan 1970 was a Thursday
            return _DAY_NAMES[lang][(local_ms // 86_400_000 + 3) % 7]
        if base == "daypart":
            h = (local_ms // 3_600_000) % 24
            return ("morning" if h < 12 else "lunchtime" if h < 14 else "afternoon" if h < 17
                    else "evening")
        if base == "date":
            later = datetime.fromtimestamp(local_ms / 1000, UTC) + timedelta(
                days=3 + int(rng.random() * 18))
            return _short_date(later, lang)
        if base == "colleague":
            author = row.author
            names = [n for n in row.plan.colleagues if author is None or n != author.first_name]
            return names[int(rng.random() * len(names))] if names else "a colleague"
        managers = row.plan.manager_names
        return managers[int(rng.random() * len(managers))] if managers else "the manager"

    # --- one observation -----------------------------------------------------------------

    def observation(self, ms: int, p: int, offset: int) -> Observation:
        rng = self.rng
        random = rng.random
        plan = self.plans[p]
        store = plan.store
        pool, cum = plan.local if plan.local[0] and random() < LOCAL_SHARE else plan.own
        sit = pool[bisect.bisect(cum, random() * cum[-1])]
        calls = store.kind == "call_centre"
        if calls:  # a contact centre hears about every kind of store the situation fits
            formats = self.retail_formats[id(sit)]
            fmt = formats[int(random() * len(formats))]
        else:
            fmt = store.format
        variant = self._variant(sit, fmt, store.currency, calls)
        shapes = variant.shapes
        if len(shapes) < _SHAPES and (not shapes or random() < 0.25):
            shape = self._shape(variant, calls)
            shapes.append(shape)
        else:
            shape = shapes[int(random() * len(shapes))]
        values = shape.copy()
        authors = self._authors(p, sit)
        author = authors[int(random() * len(authors))] if authors else None
        local_ms = ms + offset * 3_600_000
        row: _Row | None = None  # made only when a text has a late slot to fill
        for name in variant.late_fields:
            text = values[name]
            if _SENTINEL in text:
                if row is None:
                    row = _Row(self, variant, plan, local_ms, author)
                values[name] = row.fill(text)
        values["id"] = obs_id = _uuid7(ms, rng.getrandbits(74))
        values["observed_at"] = observed = _stamp(ms)
        age_days = (self.now_ms - ms) / 86_400_000
        if age_days < 0.05:  # not synced yet
            values["updated_at"] = observed
        else:
            values["received_at"] = values["updated_at"] = _stamp(
                ms + 2000 + int(random() * 900_000))
        values["store_id"] = store.id
        if random() < ANONYMOUS_SHARE:
            values["anonymous"] = True
        elif author is not None:
            values["team_id"] = author.team_id
            values["author_id"] = author.id
        key = (p, self.sit_index[id(sit)])
        previous = self.last_id.get(key)
        self.last_id[key] = obs_id
        self._review(values, sit, plan, ms, age_days, previous,
                     row or _Row(self, variant, plan, local_ms, author))
        return _build(values)

    def _shape(self, v: _Variant, calls: bool) -> dict[str, Any]:
        """One way a variant was written down: which texts the author filled in, the
        channel, the customer, severity and switch risk. Reused across observations."""
        rng = self.rng
        random = rng.random
        sit = v.sit
        kind = sit.kind
        details = v.details if random() < 0.7 else ""
        quote = ""
        threat = False
        if v.quote and random() < (0.4 if kind == "idea" else 0.6):
            quote = v.quote
            threat = v.threat
        switch = kind == "pain_point" and (threat or random() < sit.switch)
        if switch and not threat and random() < 0.6:
            extras = responses.threats(sit.language)
            extra = render(extras[int(random() * len(extras))], rng, v.lookup)
            quote = f"{quote} {extra}" if quote else extra
        action = v.action if random() < 0.45 else ""
        suggestion = ""
        if v.suggestion and random() < (0.85 if kind == "idea" else 0.3):
            suggestion = v.suggestion
        severity: int | None = None
        if sit.severity is not None and (kind == "pain_point" or random() < 0.5):
            low, high = sit.severity
            severity = min(5, low + int(random() * (high - low + 1)) + (1 if switch else 0))
        names, ccum = sit.channels_calls if calls else sit.channels_retail
        channel = names[0] if len(names) == 1 else names[bisect.bisect(ccum, random() * ccum[-1])]
        types, tcum = sit.customer_types
        customer_type = types[0] if len(types) == 1 else \
            types[bisect.bisect(tcum, random() * tcum[-1])]
        segment = ""
        if customer_type == "existing" and random() < 0.3:
            segments = self.segments.get(f"segment.{'call_centre' if calls else v.fmt}") \
                or self.segments["segment"]
            segment = segments[int(random() * len(segments))]
        return {
            "id": "", "observed_at": "", "kind": kind, "summary": v.summary,
            "details": details, "customer_words": quote, "action_taken": action,
            "suggestion": suggestion, "channel": channel, "customer_type": customer_type,
            "customer_segment": segment, "category": sit.category,
            "department": sit.department, "severity": severity, "switch_risk": switch,
            "store_id": None, "team_id": None, "author_id": None, "anonymous": False,
            "device_id": None, "status": "new", "assignee_department": None, "response": "",
            "responded_at": None, "duplicate_of": None, "wont_act_reason": "",
            "received_at": None, "updated_at": "",
        }

    def _authors(self, p: int, sit: Situation) -> tuple[Person, ...]:
        """The people in the store who might write this down, each repeated by how likely:
        mostly employees of the team that hears about it, sometimes their team lead."""
        key = (p, self.sit_index[id(sit)])
        cached = self.authors.get(key)
        if cached is None:
            plan = self.plans[p]
            people = [x for x in self.org.people_of(plan.store.id) if x.role != "leader"]
            teams = {t.id: t.handles for t in self.org.teams_of(plan.store.id)}
            wanted = {sit.category, *sit.channels_retail[0], *sit.channels_calls[0]}
            fitting = [x for x in people if x.team_id and teams[x.team_id] & wanted]
            cached = self.authors[key] = tuple(
                x for x in (fitting or people)
                for _ in range(1 if x.team_id is None else 8 if x.role == "employee" else 3))
        return cached

    def _answer(self, v: _Variant, status: str) -> str:
        """A manager's answer to this variant at `status` (late slots left as sentinels).

        An answer that names something of the variant ("{item} is back on the shelf") is
        kept with the variant; one that does not is shared by the whole situation, which
        saves rendering one per variant."""
        rng = self.rng
        if not responses.answers(status, rng):
            return ""
        text = v.answers.get(status)
        if text is not None:
            return text
        key = (self.sit_index[id(v.sit)], status)
        shared = self.shared_answers.get(key)
        if shared is None:
            shared = self.shared_answers[key] = []
        if len(shared) >= _SHARED_ANSWERS and rng.random() < 0.9:
            return shared[int(rng.random() * len(shared))]
        own = False

        def lookup(name: str) -> str:
            nonlocal own
            if _base(name) not in _LATE:
                own = True
            return v.lookup(name)

        text = responses.answer(v.sit, status, v.lang, rng, lookup)
        if own:
            v.answers[status] = text
        elif len(shared) < _SHARED_ANSWERS:
            shared.append(text)
        return text

    def _review(self, values: dict[str, Any], sit: Situation, plan: _StorePlan, ms: int,
                age_days: float, previous: str | None, row: _Row) -> None:
        """Set the status an observation of this age has reached, and the review fields."""
        rng = self.rng
        _, names, cum = self.status_mix[bisect.bisect(self.status_ages, age_days)]
        status = names[bisect.bisect(cum, rng.random() * cum[-1])]
        if status == "duplicate" and previous is None:
            status = "closed"
        if status == "withdrawn" and values["anonymous"]:
            status = "new"
        if sit.kind == "praise" and status in ("in_progress", "wont_act", "duplicate"):
            status = "closed"
        values["status"] = status
        if status in ("new", "withdrawn"):
            return
        values["assignee_department"] = sit.department
        if status == "duplicate":
            values["duplicate_of"] = previous
        text = self._answer(row.variant, status)
        if _SENTINEL in text:
            text = row.fill(text)
        if status == "wont_act":
            values["wont_act_reason"] = text
            text = row.fill(self._answer(row.variant, "wont_act_note"))
        if text:
            if rng.random() < 0.35 and plan.manager_names:
                names = plan.manager_names
                text = f"{text} – {names[int(rng.random() * len(names))]}"
            values["response"] = text
            if status == "acknowledged":
                delay = 0.05 + rng.random() * min(age_days, 3.0)
            else:
                delay = 0.2 + rng.random() * min(age_days, 20.0)
            delay = min(delay, max(age_days - 0.01, 0.0))
            values["responded_at"] = values["updated_at"] = _stamp(ms + int(delay * 86_400_000))


_DAY_PREFIX: dict[int, str] = {}
_TWO = tuple(f"{i:02d}" for i in range(100))
_THREE = tuple(f"{i:03d}" for i in range(1000))


def _stamp(ms: int) -> str:
    """`ids.format_time` for epoch milliseconds, without building a datetime (hot path;
    format specs are slow, so digits come from tables)."""
    day, rest = divmod(ms, 86_400_000)
    prefix = _DAY_PREFIX.get(day)
    if prefix is None:
        prefix = _DAY_PREFIX[day] = (date(1970, 1, 1) + timedelta(days=day)).isoformat() + "T"
    hours, rest = divmod(rest, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return prefix + _TWO[hours] + ":" + _TWO[minutes] + ":" + _TWO[seconds] + "." \
        + _THREE[millis] + "Z"


def _money(value: float, currency: str, lang: str) -> str:
    text = f"{value:.2f}"
    if currency == "GBP":
        return f"£{text}"
    if currency == "PLN":
        return f"{text.replace('.', ',')} zł"
    if lang == "en":
        return f"€{text}"
    if lang == "nl":
        return f"€ {text.replace('.', ',')}"
    return f"{text.replace('.', ',')} €"


def _short_date(moment: datetime, lang: str) -> str:
    month = _MONTHS[lang].split()[moment.month - 1]
    return _DATE_FORMAT.get(lang, "{day} {month}").format(day=moment.day, month=month)


def _uuid7(ms: int, rand: int) -> str:
    """A UUIDv7 for time `ms` with 74 given random bits (deterministic demo ids)."""
    h = "%012x7%03x%016x" % (ms & 0xFFFF_FFFF_FFFF, rand >> 62,  # noqa: UP031 (fastest here)
                             0x8000_0000_0000_0000 | (rand & 0x3FFF_FFFF_FFFF_FFFF))
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def generate(count: int, seed: int = 7, *, now: datetime | None = None,
             org: DemoOrg | None = None,
             store_codes: Collection[str] | None = None) -> Iterator[Observation]:
    """Yield `count` demo observations, oldest first, each passing `model.validate`.

    The same `seed` and `now` give the same observations (ids included). `now` defaults to
    the start of the current UTC hour; observations spread over the eighteen months before
    it. `store_codes` limits them to some stores of `org` (default: the demo organisation).
    """
    if count < 0:
        raise ValueError("count must be zero or more")
    if now is None:
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    elif now.tzinfo is None:
        raise ValueError("now must be timezone-aware, e.g. datetime.now(UTC)")
    gen = _Generator(seed, now.astimezone(UTC), org or demo_org(), store_codes)
    if count == 0:
        return
    for ms, p, offset in gen.schedule(count):
        yield gen.observation(ms, p, offset)


_DEPARTMENT_NAMES = {
    "store_ops": "store operations", "customer_service": "customer service",
    "accounting": "the accounts team", "invoicing": "the invoicing team",
    "shipping": "the delivery team", "marketing": "marketing", "stock": "the stock team",
    "it": "IT", "facilities": "facilities", "pricing": "the pricing team",
    "hr": "the people team", "product": "the buying team",
}


def department_label(code: str) -> str:
    """How a manager names a department in a sentence ("passed to the delivery team")."""
    return _DEPARTMENT_NAMES.get(code) or code.replace("_", " ")
