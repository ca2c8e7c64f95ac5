"""Request plumbing shared by the routes: bounded (optionally gzipped) JSON bodies,
the protocol version check, and the caller's tokens."""

from __future__ import annotations

import json
import re
import zlib
from typing import Any, TypeVar

import pydantic
from fastapi import Request

from frontline.server.errors import UPDATE_REQUIRED_MESSAGE, ApiError, invalid
from frontline.sync.protocol import DEVICE_TOKEN_HEADER, PROTOCOL_HEADER, ErrorCode

#: The oldest client protocol this server still understands.
OLDEST_SUPPORTED_PROTOCOL = 1

M = TypeVar("M", bound=pydantic.BaseModel)
#: An escaped surrogate (`\uD800` to `\uDFFF`) in JSON text: the only way a parsed string
#: can hold one (strict UTF-8 decoding refuses encoded ones), so other bodies skip the walk.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def too_large(limit: int) -> ApiError:
    return ApiError(
        413, ErrorCode.TOO_LARGE,
        f"The request is larger than the server accepts ({limit // 1024} KiB). "
        "Send fewer items per request.",
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, gunzipped when `Content-Encoding: gzip`; 413 past `limit` bytes
    (before or after decompression), without reading more than that into memory."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_large(limit)
        except ValueError:
            raise invalid("The Content-Length header is not a number.") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
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
    if _SURROGATE_ESCAPE.search(text) and not text_checked_per_item:
        problem = unstorable_text(value)  # only an escape can make a lone surrogate
        if problem is not None:
            raise invalid("The request contains text that is not valid Unicode "
                          "(a lone surrogate).")
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


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
