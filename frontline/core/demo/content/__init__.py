"""The demo situations, by theme. Each module holds one `TEXT` in the format described in
`frontline.core.demo.situations`."""

from __future__ import annotations

from frontline.core.demo.content import store

TEXTS: tuple[str, ...] = (store.TEXT,)
