"""From a prepared note to the features that are vectorised: concepts first, stems after.

Each word becomes, in order of preference: the concept of a lexicon phrase starting
there (`mot de passe` → `login`), nothing (a function word of the note's language), its
lexicon concepts (`c:bag`), or its Snowball stem (`w:lieferwag`) — words outside the
lexicon still group notes written in one language. Optionally, character 4-grams of
unknown longer words (`g:cont`, …) let near-identical spellings across languages meet
(`contactless`, `contactloos`); off by default unless measurement says otherwise.
"""

from __future__ import annotations

from frontline.server.themes.lexicon import load
from frontline.server.themes.text import Prepared, fold, stem, stop_words

CONCEPT = "c:"
WORD = "w:"
GRAM = "g:"


def features(note: Prepared, *, ngrams: bool = False) -> list[str]:
    """The feature strings of one note (empty for a note without usable words)."""
    language = note.language
    if language is None:
        return []
    lexicon = load()
    stops = stop_words()[language]
    words = note.words
    folded = [fold(w) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        phrase = lexicon.phrase_at(folded, i, language)
        if phrase is not None:
            out.append(CONCEPT + phrase[0])
            i += phrase[1]
            continue
        word = folded[i]
        i += 1
        if len(word) < 2 or word in stops:
            continue
        concepts = lexicon.lookup(word, language)
        if concepts:
            out.extend(CONCEPT + c for c in concepts)
            continue
        out.append(WORD + stem(words[i - 1], language))
        if ngrams and len(word) >= 5:
            out.extend(GRAM + word[j:j + 4] for j in range(len(word) - 3))
    return out
