"""The demo organisation: regions, stores, call centres, teams and people.

Every id is a UUIDv5 of a stable name (`demo_id("store", "S012")`), so the server's
`init --demo` and the desktop's `--demo` agree without talking to each other. Logins,
the shared demo password and per-person PINs are summarised in `frontline.core.demo`'s
docstring; `demo_org().accounts()` lists them all.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, field
from functools import cache

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


# ---------------------------------------------------------------------------------------
# The content. Hours are (open, close) in local hours; None means closed that day.

_WEEK = tuple[tuple[int, int] | None, ...]
_UK_SHOP: _WEEK = ((8, 20),) * 5 + ((8, 20), (10, 16))
_UK_GROCER: _WEEK = ((7, 22),) * 5 + ((7, 22), (10, 16))
_IE_SHOP: _WEEK = ((9, 20),) * 3 + ((9, 21), (9, 20), (9, 19), (11, 18))
_NL_SHOP: _WEEK = ((8, 22),) * 6 + ((10, 20),)
_BE_SHOP: _WEEK = ((10, 18),) * 6 + (None,)
_DE_DIY: _WEEK = ((7, 20),) * 6 + (None,)
_FR_SHOP: _WEEK = ((10, 20),) * 6 + (None,)
_ES_DIY: _WEEK = ((8, 21),) * 6 + ((10, 15),)
_CALLS: _WEEK = ((8, 20),) * 5 + ((9, 17), None)
_CALLS_LONG: _WEEK = ((8, 21),) * 5 + ((9, 18), (10, 16))

_REGIONS = (
    ("UKI", "UK & Ireland"),
    ("CEN", "Central Europe"),
    ("SOU", "Southern Europe"),
)

# code, name, city, country, format, region, language, currency, utc offset, hours, busy
_STORES = (
    ("S012", "Dublin Grafton Street", "Dublin", "IE", "fashion", "UKI", "en", "EUR", 0, _IE_SHOP,
     1.1),
    ("S015", "Manchester Trafford", "Manchester", "GB", "electronics", "UKI", "en", "GBP", 0,
     _UK_SHOP, 1.2),
    ("S018", "Leeds Kirkstall", "Leeds", "GB", "grocery", "UKI", "en", "GBP", 0, _UK_GROCER, 1.6),
    ("S090", "Dublin Contact Centre", "Dublin", "IE", "call_centre", "UKI", "en", "EUR", 0,
     _CALLS_LONG, 1.8),
    ("S021", "Amsterdam Zuid", "Amsterdam", "NL", "grocery", "CEN", "nl", "EUR", 1, _NL_SHOP, 1.3),
    ("S024", "Antwerpen Meir", "Antwerpen", "BE", "fashion", "CEN", "nl", "EUR", 1, _BE_SHOP, 0.8),
    ("S031", "Köln Ehrenfeld", "Köln", "DE", "diy", "CEN", "de", "EUR", 1, _DE_DIY, 1.0),
    ("S092", "Wrocław Contact Centre", "Wrocław", "PL", "call_centre", "CEN", "pl", "EUR", 1,
     _CALLS, 1.4),
    ("S036", "Lyon Part-Dieu", "Lyon", "FR", "electronics", "SOU", "fr", "EUR", 1, _FR_SHOP, 0.9),
    ("S040", "Madrid Chamberí", "Madrid", "ES", "diy", "SOU", "es", "EUR", 1, _ES_DIY, 0.9),
)

_FRONT = "queue_wait self_checkout payment promotion loyalty price_label"
_ONLINE = "click_collect delivery_late delivery_damage website_app web_app delivery"
_TEAMS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "grocery": (
        ("checkouts", "Checkouts", _FRONT),
        ("fresh", "Fresh & bakery", "product_quality out_of_stock range_gap store_environment"),
        ("online", "Online orders", _ONLINE),
    ),
    "fashion": (
        ("floor", "Shop floor",
         "range_gap out_of_stock product_quality staff_availability advertising"),
        ("tills", "Tills & fitting rooms", _FRONT + " refund invoice_error"),
        ("collect", "Click & collect", _ONLINE),
    ),
    "electronics": (
        ("sales", "Sales floor", "range_gap out_of_stock staff_knowledge price_label promotion"),
        ("techdesk", "Tech desk & repairs",
         "product_quality refund website_app complaint_handling"),
        ("collect", "Tills & collections", _FRONT + " " + _ONLINE),
    ),
    "diy": (
        ("trade", "Trade counter", "invoice_error payment delivery_late delivery_damage delivery"),
        ("garden", "Garden centre", "product_quality out_of_stock range_gap parking"),
        ("floor", "Shop floor & tills", _FRONT + " staff_knowledge store_environment"),
    ),
    "call_centre": (
        ("orders", "Orders & delivery", _ONLINE + " out_of_stock phone email"),
        ("billing", "Billing & accounts",
         "invoice_error payment refund loyalty promotion price_label"),
        ("tech", "Tech support", "website_app self_checkout product_quality"),
        ("social", "Chat & social", "chat social advertising contact_centre complaint_handling"),
    ),
}

# store code → (store manager, {team code: [team lead, employees…]})
_PEOPLE: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "S012": ("Siobhán Kelly", {
        "floor": ("Ciarán Walsh", "Aoife Byrne", "Mateus Ferreira", "Niamh O'Connor"),
        "tills": ("Grace Doyle", "Oksana Melnyk", "Liam Brennan"),
        "collect": ("Darragh Nolan", "Chloe Murphy"),
    }),
    "S015": ("Rajesh Patel", {
        "sales": ("Hannah Whitworth", "Kwame Mensah", "Tom Fletcher", "Zofia Lewandowska"),
        "techdesk": ("Imran Qureshi", "Beth Ashworth", "Callum Reid"),
        "collect": ("Jade Harrison", "Marek Dvořák"),
    }),
    "S018": ("Helen Priestley", {
        "checkouts": ("Gary Holroyd", "Amira Hussain", "Sophie Clough", "Dean Sutcliffe"),
        "fresh": ("Paulina Wójcik", "Jack Barraclough", "Priya Sharma"),
        "online": ("Lewis Armitage", "Ellie Townend"),
    }),
    "S090": ("Fionnuala Daly", {
        "orders": ("Eoin Gallagher", "Ana Popescu", "Seán Kavanagh", "Rachel Dunne"),
        "billing": ("Margaret Healy", "Luca Bianchi", "Orla Fitzgerald"),
        "tech": ("Kevin Moran", "Dmytro Bondarenko", "Ailbhe Quinn"),
        "social": ("Sinéad Roche", "Javier Morales", "Emma Flanagan"),
    }),
    "S021": ("Marieke de Vries", {
        "checkouts": ("Sanne Bakker", "Youssef El Amrani", "Daan Visser", "Lotte Jansen"),
        "fresh": ("Ruud van Dijk", "Fatma Yılmaz", "Bram Smit"),
        "online": ("Kevin Mulder", "Iris de Boer"),
    }),
    "S024": ("Els Peeters", {
        "floor": ("Wouter Claes", "Nora Maes", "Amina Benali", "Jef Willems"),
        "tills": ("Lien Wouters", "Thomas Goossens"),
        "collect": ("Kato Jacobs", "Sarah Dubois"),
    }),
    "S031": ("Stefan Becker", {
        "trade": ("Jürgen Hoffmann", "Aylin Demir", "Markus Schulz"),
        "garden": ("Sabine Wagner", "Lukas Richter", "Mira Kovačević"),
        "floor": ("Katrin Braun", "Jonas Weber", "Elif Arslan", "Piotr Zieliński"),
    }),
    "S092": ("Agnieszka Nowak", {
        "orders": ("Tomasz Kowalczyk", "Katarzyna Mazur", "Julia Krawczyk", "Bartosz Kamiński"),
        "billing": ("Magdalena Wiśniewska", "Lena Fischer", "Paweł Szymański"),
        "tech": ("Michał Woźniak", "Anouk Vermeulen", "Jakub Dąbrowski"),
        "social": ("Natalia Kozłowska", "Chloé Martin", "Mateusz Jankowski"),
    }),
    "S036": ("Isabelle Moreau", {
        "sales": ("Julien Lefèvre", "Inès Haddad", "Maxime Girard", "Camille Roux"),
        "techdesk": ("Nicolas Fontaine", "Léa Bernard", "Karim Mansouri"),
        "collect": ("Manon Petit", "Hugo Laurent"),
    }),
    "S040": ("Carmen Ruiz", {
        "trade": ("Alejandro Navarro", "Lucía Romero", "Diego Castillo"),
        "garden": ("Pilar Ortega", "Andrés Molina", "Ioana Dumitru"),
        "floor": ("Marta Jiménez", "Sergio Delgado", "Nerea Etxeberria", "Pablo Serrano"),
    }),
}

# name, role, region code (None: the whole organisation)
_HQ: tuple[tuple[str, str, str | None], ...] = (
    ("Claire Dubois-Murphy", "leader", None),
    ("Alistair Grant", "leader", "UKI"),
    ("Annelies Vos", "leader", "CEN"),
    ("Gonzalo Herrera", "leader", "SOU"),
    ("Nikolai Petrov", "admin", None),
    ("Sarah Lindqvist", "admin", None),
)


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
    regions = tuple(Region(demo_id("region", code), code, name) for code, name in _REGIONS)
    region_ids = {r.code: r.id for r in regions}
    stores: list[Store] = []
    teams: list[Team] = []
    people: list[Person] = []
    taken: set[str] = set()

    def add_person(name: str, role: str, store_id: str | None, team_id: str | None,
                   region_id: str | None) -> None:
        login = _login(name, taken)
        pid = demo_id("person", login)
        people.append(Person(pid, login, name, role, store_id, team_id, region_id, _pin(pid)))

    for (code, name, city, country, fmt, region, language, currency, offset, hours,
         busy) in _STORES:
        kind = "call_centre" if fmt == "call_centre" else "retail"
        store = Store(demo_id("store", code), code, name, city, country, kind, fmt,
                      region_ids[region], language, currency, offset, hours, busy)
        stores.append(store)
        manager, members = _PEOPLE[code]
        add_person(manager, "manager", store.id, None, store.region_id)
        for team_code, team_name, handles in _TEAMS[fmt]:
            team = Team(demo_id("team", code, team_code), store.id, team_code, team_name,
                        frozenset(handles.split()))
            teams.append(team)
            for i, person in enumerate(members[team_code]):
                add_person(person, "manager" if i == 0 else "employee", store.id, team.id,
                           store.region_id)
    for hq_name, role, hq_region in _HQ:
        add_person(hq_name, role, None, None, region_ids[hq_region] if hq_region else None)
    return DemoOrg(demo_id("organisation", ORG_NAME), ORG_NAME, regions, tuple(stores),
                   tuple(teams), tuple(people))
