"""Theme discovery: notes in six languages grouped into themes, on premises.

`cluster.discover(texts)` is the algorithm (docs/themes.md); `command` is
`frontline-server themes discover | run`; `store` keeps an organisation's themes for
`GET /v1/insights`. Text preparation (`text`), the concept lexicon (`lexicon`,
`data/concepts.tsv`) and features (`features`) come before it.
"""
