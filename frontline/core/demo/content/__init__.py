"""The demo situations, by theme. Each module holds one `TEXT` in the format described in
`frontline.core.demo.situations`."""

from __future__ import annotations

from frontline.core.demo.content import local, more, praise, products, remote, services, store

TEXTS: tuple[str, ...] = (store.TEXT, products.TEXT, remote.TEXT, services.TEXT, more.TEXT, praise.TEXT, local.TEXT)
