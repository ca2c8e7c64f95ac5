"""The UI's named operations, one module per domain (Anki's `aqt/operations/note.py`).

Each function returns a `StoreOp` (a write, which declares its `OpChanges`) or a
`QueryOp` (a read), typed on what it returns; the call site adds `.success(...)` and
starts it with `.run_in_background()`. The store modules are imported inside the
operations, on the worker thread: the window's first paint does not wait for them.

    save_observation(parent=self, obs=obs).success(self._on_saved).run_in_background()
"""
