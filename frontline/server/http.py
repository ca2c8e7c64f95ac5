"""Request plumbing shared by the routes: bounded (optionally gzipped) JSON bodies read
within a time limit, the protocol version check, the caller's tokens and address, and the
ceiling on concurrent password hashing."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import zlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import pydantic
from fastapi import Request

from frontline.server.errors import UPDATE_REQUIRED_MESSAGE, ApiError, invalid
from frontline.server.settings import Network
from frontline.sync.protocol import DEVICE_TOKEN_HEADER, PROTOCOL_HEADER, ErrorCode

#: The oldest client protocol this server still understands.
OLDEST_SUPPORTED_PROTOCOL = 1

M = TypeVar("M", bound=pydantic.BaseModel)
#: An escaped surrogate (`\uD800` to `\uDFFF`) in JSON text: the only way a parsed string
#: can hold one (strict UTF-8 decoding refuses encoded ones), so other bodies skip the walk.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")
#: Bytes a second a client is expected to manage at least, on top of `body_timeout_seconds`.
BODY_RATE = 16 * 1024
#: Deepest nesting of arrays and objects a body may have (the protocol needs about 5).
MAX_JSON_DEPTH = 32


def too_large(limit: int) -> ApiError:
    return ApiError(
        413, ErrorCode.TOO_LARGE,
        f"The request is larger than the server accepts ({limit // 1024} KiB). "
        "Send fewer items per request.",
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, gunzipped when `Content-Encoding: gzip`; 413 past `limit` bytes
    (declared, streamed, or after decompression), without reading more than that into
    memory; 408 (and the connection closed) when the whole body takes longer than
    `body_timeout_seconds` plus a second per 16 KiB it declares to arrive."""
    declared = request.headers.get("content-length")
    expected = limit
    if declared is not None:
        size_declared = ascii_int(declared)
        if size_declared is None:
            raise invalid("The Content-Length header is not a number.")
        if size_declared > limit:
            raise too_large(limit)
        expected = size_declared
    chunks: list[bytes] = []
    size = 0
    # a base time plus 1 s per 16 KiB: a 4 MB push over a slow shop uplink still arrives,
    # a small body sent a byte a second (slowloris) does not hold the connection for long
    timeout = request.app.state.frontline.settings.body_timeout_seconds + expected // BODY_RATE
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_large(limit)
                chunks.append(chunk)
    except TimeoutError:
        raise ApiError(408, ErrorCode.INVALID_REQUEST,
                       f"The request body did not arrive within {timeout} seconds: the "
                       "connection is too slow, or the client stopped sending.",
                       close=True) from None
    body = b"".join(chunks)
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding == "gzip":
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            body = decompressor.decompress(body, limit + 1)
        except zlib.error:
            raise invalid("The request body is not valid gzip.") from None
        if len(body) > limit or decompressor.unconsumed_tail:
            raise too_large(limit)
    elif encoding not in ("identity", ""):
        raise ApiError(415, ErrorCode.INVALID_REQUEST,
                       f"Content-Encoding {encoding!r} is not supported; send gzip or nothing.")
    return body


def _no_constants(name: str) -> Any:
    raise invalid(f"The request contains {name}, which is not a number JSON allows.")


class _HugeNumber:
    """What an integer literal too long for Python to convert parses to: a value no field
    accepts, so that only the item holding it is refused, not the whole request."""

    def __repr__(self) -> str:
        return "a number too large to read"


_HUGE = _HugeNumber()


def _int(digits: str) -> Any:
    return int(digits) if len(digits) <= 1000 else _HUGE


def unstorable_text(value: Any) -> str | None:
    """Why `value` holds text no database can store (a NUL character, or a lone UTF-16
    surrogate such as "\\ud800"), or None. Walks nested lists and objects, keys included."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "It contains a NUL character (\\u0000), which no field may hold."
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "It contains text that is not valid Unicode (a lone surrogate)."
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _check_depth(value: Any) -> None:
    """Refuse arrays and objects nested deeper than `MAX_JSON_DEPTH`."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise invalid(f"The request nests arrays or objects deeper than {MAX_JSON_DEPTH} "
                          "levels.")
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item if isinstance(v, dict | list))


def parse_json(body: bytes, *, text_checked_per_item: bool = False) -> Any:
    """Parse a JSON body; any problem is a 400 with a message, never a server error.
    `text_checked_per_item`: a NUL or a lone surrogate is left for the caller to refuse
    item by item (`unstorable_text`), so that one bad item of a push does not fail the rest."""
    if not body:
        raise invalid("The request has no body; send a JSON object.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("The request body is not valid UTF-8 text.") from None
    if "\\u0000" in text and not text_checked_per_item:
        raise invalid("The request contains a NUL character (\\u0000), which no field may hold.")
    try:
        value = json.loads(text, parse_constant=_no_constants, parse_int=_int)
    except (json.JSONDecodeError, RecursionError):
        raise invalid("The request body is not valid JSON.") from None
    except ValueError:  # e.g. an integer with more digits than Python converts
        raise invalid("The request contains a number too large to read.") from None
    _check_depth(value)
    if _SURROGATE_ESCAPE.search(text) and not text_checked_per_item:
        problem = unstorable_text(value)  # only an escape can make a lone surrogate
        if problem is not None:
            raise invalid("The request contains text that is not valid Unicode "
                          "(a lone surrogate).")
    return value


_WS = re.compile(r"[ \t\n\r]*")


def parse_push(body: bytes, max_items: int) -> Any:
    """Parse a push body (`{"mutations": [...], ...}`) item by item, stopping with 413 as
    soon as it holds more than `max_items` mutations. `json.loads` of a whole 4 MB body
    is one C call that holds the GIL (0.4 s on a slow core: no other request, not even
    `/health`, is answered meanwhile); one call per item hands the GIL back between items
    and does no work for the items past the limit. Same answers as `parse_json`."""
    if not body:
        raise invalid("The request has no body; send a JSON object.")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("The request body is not valid UTF-8 text.") from None
    # a NUL or a lone surrogate refuses only its own item (sync/batch.py: unstorable_text)
    decode = json.JSONDecoder(parse_constant=_no_constants, parse_int=_int).raw_decode
    skip = _WS.match

    def expect(pos: int, chars: str) -> tuple[str, int]:
        pos = skip(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text) or text[pos] not in chars:
            raise json.JSONDecodeError("unexpected", text, pos)
        return text[pos], pos + 1

    value: dict[str, Any] = {}
    if not text[skip(text, 0).end():].startswith("{"):  # type: ignore[union-attr]
        raise invalid("The request is not valid: the body must be a JSON object "
                      '({"mutations": [...]}).', status=422)
    try:
        _, pos = expect(0, "{")
        if skip(text, pos).end() < len(text) and text[skip(text, pos).end()] == "}":  # type: ignore[union-attr]
            _, pos = expect(pos, "}")
        else:
            while True:
                pos = skip(text, pos).end()  # type: ignore[union-attr]
                if not text.startswith('"', pos):
                    raise json.JSONDecodeError("a key", text, pos)
                key, pos = decode(text, pos)
                _, pos = expect(pos, ":")
                pos = skip(text, pos).end()  # type: ignore[union-attr]
                if key == "mutations" and text.startswith("[", pos):
                    items: list[Any] = []
                    pos += 1
                    if text.startswith("]", skip(text, pos).end()):  # type: ignore[union-attr]
                        _, pos = expect(pos, "]")
                    else:
                        while True:
                            item, pos = decode(text, skip(text, pos).end())  # type: ignore[union-attr]
                            items.append(item)
                            if len(items) > max_items:
                                raise ApiError(
                                    413, ErrorCode.TOO_LARGE,
                                    f"A push may carry at most {max_items} changes; this one "
                                    "has more. Send them in smaller batches.")
                            sep, pos = expect(pos, ",]")
                            if sep == "]":
                                break
                    value[key] = items
                else:
                    value[key], pos = decode(text, pos)
                sep, pos = expect(pos, ",}")
                if sep == "}":
                    break
        if skip(text, pos).end() != len(text):  # type: ignore[union-attr]
            raise json.JSONDecodeError("extra data", text, pos)
    except (json.JSONDecodeError, RecursionError):
        raise invalid("The request body is not valid JSON.") from None
    except ValueError:  # e.g. an integer with more digits than Python converts
        raise invalid("The request contains a number too large to read.") from None
    _check_depth(value)
    return value


def readable_validation(error: pydantic.ValidationError | Any, *, prefix: str = "") -> str:
    """One sentence per problem, naming the field: 'mutations.0.id: Field required'."""
    parts = []
    for item in error.errors()[:5]:
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("body",))
        msg = str(item.get("msg", "is not valid"))
        if item.get("type") == "extra_forbidden":
            msg = "is not a field the server knows; remove it"
        parts.append(f"{prefix}{where}: {msg}" if where else f"{prefix}{msg}")
    more = len(error.errors()) - 5
    if more > 0:
        parts.append(f"and {more} more problem(s)")
    return "The request is not valid: " + "; ".join(parts) + "."


def validate_model(model: type[M], data: Any) -> M:
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        raise invalid(readable_validation(error), status=422) from None


async def json_model(request: Request, model: type[M], limit: int) -> M:
    return validate_model(model, parse_json(await read_body(request, limit)))


def ascii_int(text: str | None, *, most: int = 2**63 - 1) -> int | None:
    """`text` as an int when it is 1 to 19 ASCII digits and at most `most`, else None.
    Python's `int()` also takes "١", "１", "+1", " 1" and "1_0"; no client sends those."""
    if text is None or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= most else None


def check_protocol(request: Request) -> int:
    """The client's protocol version from `X-Frontline-Protocol`; 426 when missing or too old."""
    version = ascii_int(request.headers.get(PROTOCOL_HEADER, "")) or 0
    if version < OLDEST_SUPPORTED_PROTOCOL:
        raise ApiError(426, ErrorCode.UPDATE_REQUIRED, UPDATE_REQUIRED_MESSAGE)
    return version


def tokens(request: Request) -> tuple[str | None, str | None]:
    """(user token from `Authorization: Bearer`, device token from `X-Frontline-Device`)."""
    auth = request.headers.get("authorization", "")
    user_token = None
    if auth:
        scheme, _, value = auth.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise ApiError(401, ErrorCode.UNAUTHORIZED,
                           "The Authorization header must be 'Bearer <token>'.")
        user_token = value.strip()
    device_token = request.headers.get(DEVICE_TOKEN_HEADER) or None
    return user_token, device_token


def _is_trusted(address: str, trusted: tuple[Network, ...]) -> bool | None:
    """Whether `address` is in `trusted`; None when it is not an IP address at all."""
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return None
    return any(ip in network for network in trusted)


def client_address(request: Request, trusted: tuple[Network, ...] | None = None) -> str:
    """The client's address: the direct peer, unless the peer is a trusted proxy; then the
    right-most address in `X-Forwarded-For` that is not a trusted proxy (the left part
    is whatever the client claimed, so it is never believed)."""
    if trusted is None:
        trusted = request.app.state.frontline.trusted_proxies
    address = request.client.host if request.client else "unknown"
    if not trusted or not _is_trusted(address, trusted):
        return address
    hops = [h.strip() for v in request.headers.getlist("x-forwarded-for") for h in v.split(",")]
    for hop in reversed(hops):
        verdict = _is_trusted(hop, trusted)
        if verdict is None:  # garbage: the chain cannot be followed past the last proxy
            return address
        address = str(ipaddress.ip_address(hop))
        if not verdict:
            return address
    return address


class HashGate:
    """A ceiling on password verifications running at once (argon2 takes ~64 MiB and
    ~100 ms each): `slots` run in worker threads, up to `queue` more wait a moment, any
    others get 503 with Retry-After at once, so a flood of sign-ins degrades to refusals
    instead of a stalled, swelling process."""

    def __init__(self, slots: int, queue: int, retry_after: int, wait_seconds: float = 2.0):
        self._semaphore = asyncio.Semaphore(max(1, slots))
        self._admitted = 0
        self._ceiling = max(1, slots) + max(0, queue)
        self._retry_after = retry_after
        self._wait = wait_seconds

    def _busy(self) -> ApiError:
        return ApiError(503, ErrorCode.BUSY, "The server is busy signing people in. "
                        "Try again in a moment.", retry_after=self._retry_after)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._admitted >= self._ceiling:
            raise self._busy()
        self._admitted += 1
        try:
            try:
                await asyncio.wait_for(self._semaphore.acquire(), timeout=self._wait)
            except TimeoutError:
                raise self._busy() from None
            try:
                yield
            finally:
                self._semaphore.release()
        finally:
            self._admitted -= 1
