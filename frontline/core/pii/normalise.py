"""One normalisation step before detection, with a map back to the original offsets.

People paste card numbers and addresses from anywhere: with non-breaking or thin
spaces, tabs, full-width digits (`４１１１`), a soft hyphen or a zero-width joiner
between groups, Arabic-Indic digits, typographic dashes. The detectors run on a
normalised copy of the text, and every span they find is mapped back, so entity
offsets always index the original string.

What changes:

- invisible format characters are removed: soft hyphen, zero-width space, joiner
  and non-joiner, word joiner, byte-order mark, and the bidirectional marks and
  embeddings (LRM, RLM, LRE … PDI);
- each character with its combining marks is put in NFKC form (full-width letters,
  digits, `＠` and brackets become ASCII; ligatures are split);
- every decimal digit of any script becomes its ASCII digit;
- white space other than a new line becomes a plain space; U+2028/U+2029 become a
  new line; typographic dashes and the minus sign become `-`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_REMOVED = frozenset(
    "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u180e"
)
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
_SIMPLE_SPACE = frozenset("\t\r\v\f")


@dataclass(frozen=True, slots=True)
class Normalised:
    """The normalised `text`, and for each of its characters the original span it came from.

    `starts` and `ends` are None when the text needed no change (the common case).
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalised span `text[start:end]` (`end > start`)."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


# a character that normalisation changes even in NFKC-normal text: an invisible format
# character, a dash, a digit of another script, white space other than " " and "\n"
_SPECIAL = re.compile(
    "[" + "".join(sorted(_REMOVED | _DASHES)) + r"]|(?![0-9])\d|[^\S \n]"
)


def _needs_work(text: str) -> bool:
    if text.isascii():
        return any(c in _SIMPLE_SPACE for c in text)
    return _SPECIAL.search(text) is not None or not unicodedata.is_normalized("NFKC", text)


def _map_char(cluster: str) -> str:
    """The normalised form of one base character with its combining marks."""
    if cluster in _REMOVED:
        return ""
    first = cluster[0]
    if first in _DASHES:
        return "-"
    if first == "\n":
        return "\n"
    if first in "\u2028\u2029":
        return "\n"
    if first.isspace():
        return " "
    out = unicodedata.normalize("NFKC", cluster)
    if out.isascii():
        return out
    chars = []
    for c in out:
        if c in _REMOVED:
            continue
        if c.isspace():
            chars.append("\n" if c == "\n" else " ")
        elif c in _DASHES:
            chars.append("-")
        elif c.isdecimal() and not c.isascii():
            chars.append(str(unicodedata.decimal(c)))
        else:
            chars.append(c)
    return "".join(chars)


def normalise(text: str) -> Normalised:
    """`text` made uniform for detection (see the module docstring), with its offset map."""
    if not _needs_work(text):
        return Normalised(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):  # keep marks with their base
            j += 1
        mapped = _map_char(text[i:j])
        out.append(mapped)
        starts.extend([i] * len(mapped))
        ends.extend([j] * len(mapped))
        i = j
    return Normalised("".join(out), tuple(starts), tuple(ends))
