"""From a prepared note to the features that are vectorised: concepts first, stems after.

Each word becomes, in order of preference: the concept of a lexicon phrase starting
there (`mot de passe` → `login`), nothing (a function word of the note's language), its
lexicon concepts (`c:bag`), or its Snowball stem (`w:lieferwag`) — words outside the
lexicon still group notes written in one language. Optionally, character 4-grams of
unknown longer words (`g:cont`, …) let near-identical spellings across languages meet
(`contactless`, `contactloos`); off by default unless measurement says otherwise.
"""

from __future__ import annotations

from functools import lru_cache

from frontline.server.themes.lexicon import load
from frontline.server.themes.text import Prepared, stem, stop_words

CONCEPT = "c:"
WORD = "w:"
GRAM = "g:"


def features(note: Prepared, *, ngrams: bool = False) -> list[str]:
    """The feature strings of one note (empty for a note without usable words)."""
    language = note.language
    if language is None:
        return []
    lexicon = load()
    words = note.words
    folded = list(note.folded)
    starts = lexicon.phrase_starts(language)
    out: list[str] = []
    i = 0
    while i < len(words):
        if folded[i] in starts:
            phrase = lexicon.phrase_at(folded, i, language)
            if phrase is not None:
                out.append(CONCEPT + phrase[0])
                i += phrase[1]
                continue
        out.extend(word_features(words[i], folded[i], language, ngrams))
        i += 1
    return out


@lru_cache(maxsize=262144)
def word_features(word: str, folded: str, language: str, ngrams: bool = False) -> tuple[str, ...]:
    """The features of one word outside a phrase: none (a function word), its concepts, or
    its stem (and character 4-grams when `ngrams`)."""
    if len(folded) < 2 or folded in stop_words()[language]:
        return ()
    concepts = load().lookup(folded, language)
    if concepts:
        return tuple(CONCEPT + c for c in concepts)
    out = [WORD + stem(word, language)]
    if ngrams and len(folded) >= 5:
        out.extend(GRAM + folded[j:j + 4] for j in range(len(folded) - 3))
    return tuple(out)
