"""What an install of Frontline with some extras brings in, from the installed metadata.

    closure("frontline", ["server"])     # distribution names `pip install ".[server]"` pulls in
    not_in_desktop_install()             # import names installed here that the desktop lacks

Used by the bundle spec (installer/frontline.spec), which leaves out every package that
`pip install ".[desktop]"` would not install (the server's stack, test and lint tools),
and by tests/test_packaging_extras.py. Markers are evaluated for this machine; a
distribution that is not installed ends the walk on its branch (it cannot be bundled
either).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

DESKTOP_EXTRAS = ("desktop",)
# the extras that install what the desktop does not need (PyInstaller's own "package" extra
# is left alone: nothing the app imports brings it in)
OTHER_EXTRAS = ("server", "test", "dev")


def closure(name: str, extras: Iterable[str] = ()) -> set[str]:
    """The canonical names of `name` and every distribution it requires with `extras`,
    recursively, as installed here."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(canonicalize_name(name), frozenset(extras))]
    while todo:
        dist, wanted = todo.pop()
        if (dist, wanted) in seen:
            continue
        seen.add((dist, wanted))
        try:
            requires = metadata.requires(dist) or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            req = Requirement(text)
            if req.marker is not None and not any(
                    req.marker.evaluate({"extra": extra}) for extra in (wanted or {""})):
                continue
            todo.append((canonicalize_name(req.name), frozenset(req.extras)))
    return {dist for dist, _ in seen}


def import_names(dists: set[str]) -> set[str]:
    """Top-level import names that only the distributions `dists` provide."""
    names: set[str] = set()
    for top, providers in metadata.packages_distributions().items():
        if top.isidentifier() and providers and all(
                canonicalize_name(p) in dists for p in providers):
            names.add(top)
    return names


def not_in_desktop_install() -> list[str]:
    """Import names of the packages installed here for the server, tests and tools that
    `pip install ".[desktop]"` would not install: what the desktop bundle leaves out."""
    desktop = closure("frontline", DESKTOP_EXTRAS)
    others = closure("frontline", OTHER_EXTRAS)
    return sorted(import_names(others - desktop))
