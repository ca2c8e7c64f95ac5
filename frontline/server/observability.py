"""JSON logs with a request id, and Prometheus metrics in a per-app registry.

Never logged: tokens, passwords, PINs, enrolment codes, observation text, and the
identity of anyone pushing (so an anonymous observation cannot be traced through logs).
"""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

log = logging.getLogger("frontline.server")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras."""

    _SKIP = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None)).keys()) | {
        "message", "color_message"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        for key, value in vars(record).items():
            if key not in self._SKIP and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str = "INFO") -> None:
    """Send the server's logs (and uvicorn's) to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    for name in ("frontline.server", "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    # uvicorn's access log prints query strings; our own request log replaces it
    logging.getLogger("uvicorn.access").disabled = True


#: Methods that get a label of their own; any other (a client may send any token, of any
#: length) is counted as "other", so the label set stays bounded.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def metric_method(method: str) -> str:
    """The method as a metric label and log field: a known method, or "other"."""
    return method if method in KNOWN_METHODS else "other"


class Metrics:
    """The server's metrics, in a registry of its own (one per app). Every label has a
    bounded set of values: a known method or "other", a route template or "unmatched",
    a status code, a push result."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "frontline_http_requests", "HTTP requests answered",
            ["method", "route", "status"], registry=self.registry,
        )
        self.latency = Histogram(
            "frontline_http_request_seconds", "Time to answer an HTTP request",
            ["route"], registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.batch_size = Histogram(
            "frontline_push_batch_size", "Mutations per push",
            registry=self.registry, buckets=(1, 5, 10, 25, 50, 100, 250, 500, 1000),
        )
        self.push_items = Counter(
            "frontline_push_items", "Pushed mutations by result",
            ["result"], registry=self.registry,
        )
        self.pushes_in_flight = Gauge(
            "frontline_pushes_in_flight", "Pushes being handled now", registry=self.registry,
        )
        # labels are bounded: frontline.core.pii.KINDS × vocabulary.FREE_TEXT_FIELDS
        self.redactions = Counter(
            "frontline_redactions", "Customer personal data the server redacted from the "
            "texts it stored, by kind and field", ["kind", "field"], registry=self.registry,
        )
