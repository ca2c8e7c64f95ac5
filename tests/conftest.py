"""Shared fixtures. Qt tests run offscreen; nothing here imports Qt."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# keyring must never touch a real keychain from the test suite
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


def pytest_terminal_summary(terminalreporter, config) -> None:
    """Print pytest-randomly's seed at the end too (its header line is hidden by -q), so a
    failure that depends on the order can be replayed."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int):
        terminalreporter.write_line(
            f"Test order and random seed: {seed} (replay it with --randomly-seed={seed})")
