"""Email addresses, also written to dodge spam robots.

Recognised: `name@domain.tld` (any case, `+` addressing, internationalised local
parts and domains; a full-width `＠` is an `@` after normalisation), `name @ domain.tld`,
`name(at)domain.tld`, `name [at] domain [dot] tld` with round, square, curly or angle
brackets, and spelled out with spaces: `name at domain dot com`, in the six languages
(`at`, `arroba`, `arobase`, `chez`, `Klammeraffe`, `apenstaartje`, `małpa`; `dot`,
`point`, `Punkt`, `punto`, `punt`, `kropka`). A spelled-out address with a plain " at "
needs a spelled-out dot, a local part that does not look like a word ("john.smith at
example.com") or an email word just before it ("email john at example.com"), so that
"customer at Amazon.com" is not taken for an address.
"""

from __future__ import annotations

import re

from frontline.core.pii._base import EMAIL, Entity

_LOCAL = r"[\w+'-]+(?:\.[\w+'-]+)*"
_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"
_TLD = r"[^\W\d_]{2,24}"


def _bracketed(word: str) -> str:
    return r"[\[({<]\s?" + word + r"\s?[\])}>]"


_AT_WORDS = r"at|arroba|arobase|chez|klammeraffe|apenstaartje|małpa|malpa"
_DOT_WORDS = r"dot|point|punkt|punto|punt|kropka"
_AT = rf"(?:\s?@\s?|\s?{_bracketed(f'(?:{_AT_WORDS})')}\s?)"
_DOT = rf"(?:\.|\s?{_bracketed(f'(?:{_DOT_WORDS})')}\s?)"
_SPOKEN_AT = rf"\s(?:{_AT_WORDS})\s"
_SPOKEN_DOT = rf"\s(?:{_DOT_WORDS})\s"

_EMAIL = re.compile(
    rf"(?<![\w.+'@-]){_LOCAL}{_AT}(?:{_LABEL}{_DOT})+{_TLD}(?![\w@-]|\.[^\W\d_])",
    re.IGNORECASE,
)
# "john at example dot com", "j.smith at example.com", "jan małpa wp kropka pl"
_SPOKEN = re.compile(
    rf"(?<![\w.+'@-])(?P<local>{_LOCAL}(?:{_SPOKEN_DOT}{_LOCAL})?){_SPOKEN_AT}"
    rf"(?:{_LABEL}(?P<dot>{_SPOKEN_DOT}|\.))+(?P<tld>{_TLD})(?![\w@-]|\.[^\W\d_])",
    re.IGNORECASE,
)
# a word that says an address follows: "email john at example.com"
_EMAIL_WORD = re.compile(
    r"(?<!\w)(?i:e-?mail|mail|courriel|correo|adres|adress|mailadres)\w*(?:[\s:]+\w+){0,2}[\s:]+$"
)
# top-level domains an address spelled out with a bare " at " may end with
_TLDS = frozenset(
    """com net org info biz edu gov eu io co uk de fr es it nl be pl pt at ch lu ie dk se no
    fi cz sk hu ro bg gr hr si ee lv lt mt cy is li us ca au nz mx br ar in jp cn ru tr ma
    online shop store email me tv""".split()
)


def find_emails(text: str) -> list[Entity]:
    """Email addresses in (normalised) `text`."""
    found = [Entity(EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]
    for m in _SPOKEN.finditer(text):
        if m.group("tld").lower() not in _TLDS:
            continue
        spelled = m.group("dot").strip() != "."
        local = m.group("local")
        if not (spelled or re.search(r"[\d._+]", local) or _EMAIL_WORD.search(
            text, max(0, m.start() - 25), m.start()
        )):
            continue
        if any(e.start < m.end() and m.start() < e.end for e in found):
            continue
        found.append(Entity(EMAIL, m.start(), m.end()))
    return found
