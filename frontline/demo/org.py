"""The demo organisation: regions, stores, call centres, teams and people, read from
`data/org.toml`.

Every id is a UUIDv5 of a stable name (`demo_id("store", "S012")`), so the server's
`init --demo` and the desktop's `--demo` agree without talking to each other. Logins,
the shared demo password and per-person PINs are summarised in `frontline.demo`'s
docstring; `demo_org().accounts()` lists them all.
"""

from __future__ import annotations

import tomllib
import unicodedata
import uuid
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

DEMO_PASSWORD = "demo"
"""The password of every demo account (demo data only; never a real deployment)."""

ORG_NAME = "Meridian Retail Group"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://frontline.invalid/demo/meridian-retail")

ROLES = ("employee", "manager", "leader", "admin")
FORMATS = ("grocery", "fashion", "electronics", "diy", "call_centre")


def demo_id(kind: str, *names: str) -> str:
    """The stable id of a demo entity, e.g. `demo_id("store", "S012")`."""
    return str(uuid.uuid5(NAMESPACE, ":".join((kind, *names))))


@dataclass(frozen=True)
class Region:
    id: str
    code: str
    name: str


@dataclass(frozen=True)
class Store:
    """A shop or a contact centre. `kind` is "retail" or "call_centre"; `format` says
    what a retail store sells (grocery, fashion, electronics, diy) or is "call_centre"."""

    id: str
    code: str
    name: str
    city: str
    country: str
    kind: str
    format: str
    region_id: str
    language: str
    currency: str
    utc_offset: int  # standard time, hours; EU summer time is added on top
    hours: tuple[tuple[int, int] | None, ...]  # opening hours per weekday, Monday first
    busy: float  # relative volume of observations


@dataclass(frozen=True)
class Team:
    """A team in a store. `handles` lists the category codes and channels it usually
    hears about (used to pick a plausible author for a situation)."""

    id: str
    store_id: str
    code: str
    name: str
    handles: frozenset[str]


@dataclass(frozen=True)
class Person:
    """A demo account. Leaders and admins have no store; a regional leader has a region,
    the customer-experience director none (the whole organisation)."""

    id: str
    login: str
    name: str
    role: str
    store_id: str | None
    team_id: str | None
    region_id: str | None
    pin: str

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]


@dataclass(frozen=True)
class DemoOrg:
    """The whole demo organisation. Every account signs in with `password`; employees
    may switch on a shared PC with their `pin`."""

    id: str
    name: str
    regions: tuple[Region, ...]
    stores: tuple[Store, ...]
    teams: tuple[Team, ...]
    people: tuple[Person, ...]
    password: str = DEMO_PASSWORD
    _by_login: dict[str, Person] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_login.update({p.login: p for p in self.people})

    def store(self, code: str) -> Store:
        """The store with this code (e.g. "S012"); KeyError if there is none."""
        for s in self.stores:
            if s.code == code:
                return s
        raise KeyError(f"the demo organisation has no store {code}")

    def person(self, login: str) -> Person:
        """The person with this login; KeyError if there is none."""
        return self._by_login[login]

    def teams_of(self, store_id: str) -> tuple[Team, ...]:
        return tuple(t for t in self.teams if t.store_id == store_id)

    def people_of(self, store_id: str) -> tuple[Person, ...]:
        return tuple(p for p in self.people if p.store_id == store_id)

    def accounts(self) -> list[dict[str, str]]:
        """One row per person, for seeding accounts and printing the demo logins once:
        login, name, role, store code, team name, region code, PIN and password."""
        stores = {s.id: s.code for s in self.stores}
        teams = {t.id: t.name for t in self.teams}
        regions = {r.id: r.code for r in self.regions}
        return [{"login": p.login, "name": p.name, "role": p.role,
                 "store": stores.get(p.store_id or "", ""), "team": teams.get(p.team_id or "", ""),
                 "region": regions.get(p.region_id or "", ""), "pin": p.pin,
                 "password": self.password} for p in self.people]


@cache
def _data() -> dict[str, Any]:
    """`data/org.toml`: regions, stores, each format's teams, people and head office."""
    text = (files("frontline.demo") / "data" / "org.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _login(name: str, taken: set[str]) -> str:
    """first.s in plain ASCII ("Siobhán Kelly" → "siobhan.k"), unique in the org."""
    ascii_name = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    ascii_name = "".join(c for c in ascii_name if c.isascii() and (c.isalpha() or c == " "))
    first, _, rest = ascii_name.lower().partition(" ")
    base = f"{first}.{rest.replace(' ', '')[:1]}"
    login, n = base, 2
    while login in taken:
        login, n = f"{base}{n}", n + 1
    taken.add(login)
    return login


def _pin(person_id: str) -> str:
    """A stable four-digit PIN, never a trivially guessable one."""
    value = uuid.UUID(person_id).int
    while True:
        pin = f"{value % 9000 + 1000:04d}"
        if len(set(pin)) > 2 and pin not in ("1234", "4321"):
            return pin
        value //= 9000


@cache
def demo_org() -> DemoOrg:
    """The demo organisation (the same object, with the same ids, every time)."""
    data = _data()
    regions = tuple(Region(demo_id("region", r["code"]), r["code"], r["name"])
                    for r in data["regions"])
    region_ids = {r.code: r.id for r in regions}
    hours_of = {key: tuple(tuple(day) if day else None for day in week)
                for key, week in data["hours"].items()}
    stores: list[Store] = []
    teams: list[Team] = []
    people: list[Person] = []
    taken: set[str] = set()

    def add_person(name: str, role: str, store_id: str | None, team_id: str | None,
                   region_id: str | None) -> None:
        login = _login(name, taken)
        pid = demo_id("person", login)
        people.append(Person(pid, login, name, role, store_id, team_id, region_id, _pin(pid)))

    for s in data["stores"]:
        code, fmt = s["code"], s["format"]
        kind = "call_centre" if fmt == "call_centre" else "retail"
        store = Store(demo_id("store", code), code, s["name"], s["city"], s["country"], kind,
                      fmt, region_ids[s["region"]], s["language"], s["currency"],
                      s["utc_offset"], hours_of[s["hours"]], s["busy"])
        stores.append(store)
        staff = data["people"][code]
        add_person(staff["manager"], "manager", store.id, None, store.region_id)
        for t in data["teams"][fmt]:
            team = Team(demo_id("team", code, t["code"]), store.id, t["code"], t["name"],
                        frozenset(t["handles"].split()))
            teams.append(team)
            for i, person in enumerate(staff[t["code"]]):
                add_person(person, "manager" if i == 0 else "employee", store.id, team.id,
                           store.region_id)
    for hq in data["head_office"]:
        region = hq.get("region")
        add_person(hq["name"], hq["role"], None, None, region_ids[region] if region else None)
    return DemoOrg(demo_id("organisation", ORG_NAME), ORG_NAME, regions, tuple(stores),
                   tuple(teams), tuple(people))
