"""The demo texts, read from the package's data files (`frontline/demo/data/`).

- `data/situations/*.txt`: the situations, by theme, in the block format described in
  `frontline.demo.situations`. `THEMES` fixes their order: situations are drawn by their
  index, so a new theme goes at the end or the same seed gives other observations.
- `data/vocab.txt`: slot values. One entry a line: `name: value | value | …`; a line
  starting with `|` continues the one above. `name.grocery` (a store format) or `name.fr`
  (a language) overrides `name` for that format or language. Values are templates
  themselves (they may hold `{a|b}`). Items are described, never branded; `@low-high`
  after an item is its usual price range (in the store's currency), used by `{amount}`
  when the text names that item.
- `data/responses.txt`: what managers answer ("you said, we did"), why they sometimes do
  not act, and the threats to leave that customers add. Sections are `[key]`,
  `[key category]` or `[key lang]`; one template a line (see `frontline.demo.responses`).

Lines starting with `#` are comments in every file. Templates: `frontline.demo.templates`.
The organisation is `data/org.toml`, read by `frontline.demo.org`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

THEMES = ("store", "products", "remote", "services", "more", "praise", "local")


def read(name: str) -> str:
    """The text of a data file, e.g. `read("vocab.txt")` or `read("situations/more.txt")`."""
    path = files("frontline.demo") / "data"
    for part in name.split("/"):
        path = path / part
    return path.read_text(encoding="utf-8")


@cache
def situation_texts() -> tuple[str, ...]:
    """The text of each theme's situations, in `THEMES` order."""
    return tuple(read(f"situations/{theme}.txt") for theme in THEMES)


def lines(text: str) -> list[str]:
    """The stripped lines of a vocabulary or responses file, without blanks and comments."""
    return [ln for ln in (line.strip() for line in text.splitlines())
            if ln and not ln.startswith("#")]
