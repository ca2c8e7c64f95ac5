"""The domain: observation and reference types, validation, review rules, ids, errors.

Pure Python: no I/O, no Qt.
"""
