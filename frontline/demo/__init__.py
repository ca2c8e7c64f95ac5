"""Demo data: a realistic organisation and realistic observations, for trials, screenshots
and benchmarks. Deterministic; it reads only its own data files (`data/`, through
`importlib.resources`) and imports nothing of Frontline but `frontline.core`.

    from frontline.demo import generate, demo_org, DEMO_PASSWORD

    for obs in generate(2000, seed=7, now=datetime.now(UTC)):
        ...                                   # each passes frontline.core.model.validate

`generate(count, seed=7, *, now=None, org=None, store_codes=None)` yields `count`
`Observation`s, oldest first, spread over the eighteen months before `now` (default: the
start of the current UTC hour) with the app's roll-out, weekly rhythm (Saturdays busiest,
Sundays short or closed), shop or call-centre hours and seasons (December, January sales,
Black Friday, garden spring). The same seed and `now` give the same observations, ids
included (UUIDv7 built from the seed). `store_codes` keeps only some stores, e.g. the one a
desktop PC is enrolled in. Speed: texts are rendered into a few variants per situation,
store format and currency, then reused with fresh times, people and review; 200,000
observations took 8-10 s of CPU on the shared, heavily loaded 2-core build machine, where
an empty ten-million-step loop took 0.33-0.55 s (about 0.2 s on an idle core), so roughly
4 s on an idle core. `tests/demo/test_demo.py` guards against a regression.

The content is more than 300 situations (`data/situations/*.txt`, see `content`) written
as staff write them: pain points, praise and ideas from grocery, fashion, electronics and
DIY stores and from two contact centres, across every channel, customer type, category and
department, with customers' own words, what the employee did on the spot, suggestions, and managers'
answers ("you said, we did") or reasons for not acting on older ones. About one in six
observations from the Dutch, Belgian, German, French, Spanish and Polish sites is written
in the local language. Texts never hold customer personal data (no emails, phone or card
numbers): people are "the customer", only staff have first names.

The organisation, `demo_org()`: "Meridian Retail Group", three regions (UKI UK & Ireland,
CEN Central Europe, SOU Southern Europe), eight stores and two contact centres:

    S012 Dublin Grafton Street   fashion      S021 Amsterdam Zuid        grocery
    S015 Manchester Trafford     electronics  S024 Antwerpen Meir        fashion
    S018 Leeds Kirkstall         grocery      S031 Köln Ehrenfeld        diy
    S090 Dublin Contact Centre   call centre  S092 Wrocław Contact Centre call centre
    S036 Lyon Part-Dieu          electronics  S040 Madrid Chamberí       diy

Each has three or four teams with a team lead (role manager) and employees, and a store
manager. 115 people. Every account's password is `DEMO_PASSWORD` ("demo"); each person
has a four-digit PIN for switching on a shared PC. Logins are the first name, a dot and
the surname's initial, in plain ASCII (a digit is added when taken). Some to start with:

    login          PIN   role      where
    nikolai.p      8893  admin     the whole organisation
    claire.d       8545  leader    the whole organisation (customer-experience director)
    alistair.g     2488  leader    region UKI
    annelies.v     3321  leader    region CEN
    gonzalo.h      3257  leader    region SOU
    helen.p        7741  manager   S018 Leeds, store manager
    gary.h         9744  manager   S018 Leeds, team lead Checkouts
    amira.h        8358  employee  S018 Leeds, Checkouts
    siobhan.k      8106  manager   S012 Dublin, store manager
    aoife.b        2487  employee  S012 Dublin, Shop floor
    fionnuala.d    7089  manager   S090 Dublin Contact Centre, centre manager
    ana.p          5366  employee  S090 Dublin Contact Centre, Orders & delivery
    marieke.d      5317  manager   S021 Amsterdam, store manager
    daan.v         7098  employee  S021 Amsterdam, Checkouts
    stefan.b       8250  manager   S031 Köln, store manager
    jonas.w        1817  employee  S031 Köln, Shop floor & tills

`demo_org().accounts()` lists every login with name, role, store, team, region and PIN
(the server's `init --demo` prints it once). Ids are UUIDv5 of stable names
(`demo_id("store", "S012")`), so the server and the desktop agree without talking.
"""

from frontline.demo.generator import generate
from frontline.demo.org import (
    DEMO_PASSWORD,
    ORG_NAME,
    DemoOrg,
    Person,
    Region,
    Store,
    Team,
    demo_id,
    demo_org,
)

__all__ = [
    "DEMO_PASSWORD",
    "ORG_NAME",
    "DemoOrg",
    "Person",
    "Region",
    "Store",
    "Team",
    "demo_id",
    "demo_org",
    "generate",
]
