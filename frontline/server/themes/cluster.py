"""Group notes into themes: TF-IDF over concepts and stems, average-linkage clustering.

The steps, and why (figures in docs/themes.md):

1. Each note becomes concept, stem and character 4-gram features (`features.py`),
   weighted by TF-IDF with sublinear term frequency; concepts count more than stems and
   4-grams (`concept_weight`, `word_weight`, `gram_weight`) because they are what notes
   in different languages share.
2. Average-linkage agglomerative clustering on cosine distance, cut at `threshold`. It
   needs no number of themes (k-means and NMF need one and did no better on the dev
   set), keeps a small tight incident apart from the broad theme next to it, and is
   deterministic.
3. Groups smaller than the minimum size are not themes: their notes join the nearest
   theme when similar enough (`attach`), else they are left over (`other`).
4. Above `sample` notes, linkage (quadratic in time and memory) runs on a seeded random
   sample; every note is then assigned to the nearest theme centroid. 100,000 notes take
   seconds, not hours.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix, diags
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from frontline.server.themes.features import CONCEPT, GRAM, WORD, features, word_features
from frontline.server.themes.lexicon import load
from frontline.server.themes.text import Prepared, prepare

LEFTOVER = "other"
#: concepts too general to name a theme (they still count for grouping)
_UNLABELLED = frozenset({CONCEPT + c for c in ("customer", "store", "product", "staff")})


@dataclass(frozen=True)
class Params:
    """The tunable parameters; the defaults were chosen on the dev set (docs/themes.md)."""

    concept_weight: float = 1.0
    word_weight: float = 0.5
    gram_weight: float = 0.3
    threshold: float = 0.85
    min_size: int = 4
    min_share: float = 0.002
    attach: float = 0.2
    sample: int = 3000
    seed: int = 0


@dataclass
class Theme:
    """One discovered theme: its label, size, characterising terms and a typical note."""

    label: str
    size: int
    terms: list[str]
    language: str
    representative: int  # index of the note closest to the theme's centre


@dataclass
class Result:
    """A theme label per note (None: no usable text) and the themes, largest first."""

    labels: list[str | None]
    themes: list[Theme] = field(default_factory=list)


def _identity(doc: list[str]) -> list[str]:
    return doc


def vectorise(docs: Sequence[list[str]], params: Params) -> tuple[csr_matrix, np.ndarray]:
    """TF-IDF rows (feature kinds weighted, each of unit length) and the feature names."""
    vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm=None)
    matrix = vectoriser.fit_transform(docs)
    names = vectoriser.get_feature_names_out()
    weights = np.array([params.concept_weight if n.startswith(CONCEPT) else
                        params.gram_weight if n.startswith(GRAM) else params.word_weight
                        for n in names], dtype=np.float64)
    weighted = matrix @ diags(weights)
    return csr_matrix(normalize(weighted)), names


def _linkage_groups(x: csr_matrix, threshold: float) -> np.ndarray:
    """Average-linkage cluster ids (1..k) of the rows of `x`, cut at cosine `threshold`."""
    if x.shape[0] == 1:
        return np.ones(1, dtype=np.int64)
    similarity = (x @ x.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    rows = np.triu_indices(x.shape[0], k=1)
    condensed = distance[rows]
    del similarity, distance, rows
    tree = linkage(condensed, method="average")
    return np.asarray(fcluster(tree, t=threshold, criterion="distance"), dtype=np.int64)


def _group(x: csr_matrix, params: Params) -> np.ndarray:
    """Theme index per row (-1: left over)."""
    n = x.shape[0]
    rng = np.random.default_rng(params.seed)
    sample = np.arange(n) if n <= params.sample else np.sort(
        rng.choice(n, size=params.sample, replace=False))
    groups = _linkage_groups(x[sample], params.threshold)
    min_size = max(params.min_size, math.ceil(params.min_share * len(sample)))
    counts = Counter(groups.tolist())
    kept = sorted((g for g, c in counts.items() if c >= min_size), key=lambda g: (-counts[g], g))
    if not kept:
        return np.full(n, -1, dtype=np.int64)
    index = {g: i for i, g in enumerate(kept)}
    centroids = np.vstack([np.asarray(x[sample[groups == g]].mean(axis=0)) for g in kept])
    centroids = normalize(centroids)
    similarity = np.asarray(x @ centroids.T)
    nearest = similarity.argmax(axis=1)
    best = similarity[np.arange(n), nearest]
    out = np.where(best >= params.attach, nearest, -1).astype(np.int64)
    in_sample = np.array([index.get(g, -1) for g in groups.tolist()], dtype=np.int64)
    out[sample[in_sample >= 0]] = in_sample[in_sample >= 0]
    return out


def _describe(members: np.ndarray, x: csr_matrix, names: np.ndarray,
              prepared: Sequence[Prepared], rows: np.ndarray) -> Theme:
    """Label a theme: its top terms as written in its most common language, and its most
    typical note (the one closest to the theme's centre)."""
    block = x[members]
    centre = np.asarray(block.mean(axis=0)).ravel()
    notes = [prepared[rows[m]] for m in members]
    language = Counter(n.language for n in notes).most_common(1)[0][0] or "en"
    written = _written_forms(notes, language)
    lexicon = load()
    terms: list[str] = []
    for column in np.argsort(-centre)[:8]:
        if centre[column] <= 0:
            break
        name = str(names[column])
        if name.startswith(GRAM) or name in _UNLABELLED:
            continue
        if name in written[0]:  # as written in the theme's main language
            term = written[0][name].most_common(1)[0][0]
        elif name.startswith(CONCEPT):  # the lexicon's word in that language
            term = lexicon.concept_word(name[len(CONCEPT):], language)
        elif name in written[1]:
            term = written[1][name].most_common(1)[0][0]
        else:
            term = name[len(WORD):]
        if term not in terms:
            terms.append(term)
        if len(terms) == 3:
            break
    typical = int(members[int(np.argmax(np.asarray(block @ centre).ravel()))])
    return Theme(" / ".join(terms), len(members), terms, language, int(rows[typical]))


def _written_forms(notes: Sequence[Prepared], language: str, limit: int = 300,
                   ) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
    """For each feature, the words that produced it: in notes of the theme's main
    language, and in the others."""
    main: dict[str, Counter[str]] = {}
    other: dict[str, Counter[str]] = {}
    ordered = [n for n in notes if n.language == language][:limit]
    for note in ordered + [n for n in notes if n.language != language][:limit]:
        written = main if note.language == language else other
        for word, folded in zip(note.words, note.folded, strict=True):
            for feature in word_features(word, folded, note.language or "en"):
                written.setdefault(feature, Counter())[word] += 1
    return main, other


def discover(texts: Sequence[str | None], params: Params | None = None) -> Result:
    """Themes of `texts`: one label per text, None where there is nothing to group on."""
    params = params or Params()
    prepared = [prepare(t) for t in texts]
    docs = [features(p, ngrams=params.gram_weight > 0) for p in prepared]
    rows = np.array([i for i, d in enumerate(docs) if d], dtype=np.int64)
    labels: list[str | None] = [None] * len(texts)
    if len(rows) == 0:
        return Result(labels)
    x, names = vectorise([docs[i] for i in rows], params)
    assigned = _group(x, params)
    themes: list[Theme] = []
    used: Counter[str] = Counter()
    for t in range(int(assigned.max()) + 1):
        members = np.flatnonzero(assigned == t)
        if len(members) == 0:
            continue
        theme = _describe(members, x, names, prepared, rows)
        used[theme.label] += 1
        if used[theme.label] > 1 or theme.label in ("", LEFTOVER):
            theme.label = f"{theme.label or 'theme'} ({used[theme.label]})"
        themes.append(theme)
        for m in members:
            labels[int(rows[m])] = theme.label
    for m in np.flatnonzero(assigned < 0):
        labels[int(rows[m])] = LEFTOVER
    themes.sort(key=lambda th: -th.size)
    return Result(labels, themes)
