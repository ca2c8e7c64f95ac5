"""Push and pull: plain functions that take a connection inside a transaction.

| module | job |
|---|---|
| `batch` | `push`: a batch's items in order, the fast path for new observations, replays |
| `intake` | checks on what an author sends, and the row a new observation becomes |
| `authors` | `observation.upsert` and `observation.withdraw` |
| `review` | `review.update`, `review.merge`, `review.unmerge` |
| `families` | merge families: the original, its duplicates, their count of people |
| `removals` | tombstones of removed observations (retention, erasure) |
| `feed` | `pull`: changes and removals in scope after a cursor |
| `wire` | stored rows and outcomes as the wire's shapes |
| `rows` | one observation's row and its audit trail |
| `versions` | the organisation's change version, the write's time stamp, cursors, held anonymous changes |
| `bulk` | id lists and multi-row inserts, per database |

Nothing here imports `retention`, which builds on `versions`, `families` and `removals`.
"""

from frontline.server.sync.batch import push
from frontline.server.sync.feed import pull
from frontline.server.sync.versions import bump_version, parse_cursor, release_due, release_held

__all__ = ["push", "pull", "parse_cursor", "bump_version", "release_due", "release_held"]
