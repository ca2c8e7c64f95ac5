"""What test modules share, imported from here (conftest modules hold fixtures only):

- `childoutput`: `ChildOutput` (wait for what a child process says) and `GENEROUS`.
- `realserver`: a real `frontline-server` process (`RealServer`) on a copy of the session's
  demo template (`DemoTemplate`), SQLite or PostgreSQL; `run_server_cli`, `free_port`.
- `server`: the server's test database backends, a small organisation (`World`), request
  builders (`observation`, `upsert`, `enrol`, `sign_in`, headers), `count_rows`.
- `sync`: the server app in this process behind the real `HttpClient` (`ServerWorld`,
  `ASGIAdapter`).
- `store`: observation factory (`make`) and `read_store`.
- `ui`: Qt wait budgets (`WAIT_MS`), `GenerousQtBot`, `OFFSCREEN_DIALOG_NOISE` (imports Qt).

The fixtures built on them are in `tests/conftest.py` (`demo_template`, `server`,
`server_db_template`, `store`) and in each folder's conftest.
"""
