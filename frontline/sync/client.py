"""The HTTP client of the sync protocol: one `requests.Session`, failures as typed errors.

`HttpClient` implements `frontline.sync.protocol.SyncProtocol`. Every request carries the
protocol version, the device token (when enrolled) and the signed-in person's token (when
one is chosen with `act_as`). Request bodies above `GZIP_THRESHOLD` bytes are gzipped (the
server accepts `Content-Encoding: gzip`). Every failure becomes a
`SyncError(kind, message, retry_after=...)` whose message a person can act on; `kind` is
one of `KINDS`.

Requests that are safe to repeat (push is idempotent by mutation id; pull and reference
only read) are retried once at once when the connection broke before an answer came —
a keep-alive connection the server had already closed fails that way. Enrolment is
never repeated: its code is spent by the first attempt that reaches the server.
"""

from __future__ import annotations

import gzip
import json
import socket
import time
from collections.abc import Callable, Mapping, Sequence
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import requests

from frontline.core.errors import SyncError
from frontline.sync.credentials import TokenStore
from frontline.sync.protocol import (
    DEVICE_TOKEN_HEADER,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PUSH_RESULTS_HEADER,
    PUSH_RESULTS_SHORT,
    EnrolResponse,
    Mutation,
    PullResponse,
    PushResponse,
    ReferenceData,
    SignInResponse,
    WhoAmI,
)

#: Kinds of `SyncError` raised here (the server's `ErrorCode` values, plus `network` and
#: `signed_out`: the person's sign-in ended but the PC is still enrolled).
KINDS = ("network", "update_required", "unauthorized", "signed_out", "forbidden", "not_found",
         "throttled", "busy", "too_large", "invalid_request", "internal")
#: Kinds after which the same request may succeed later without anyone doing anything.
TRANSIENT_KINDS = frozenset({"network", "throttled", "busy", "internal"})

DEVICE_TOKEN = "device_token"
GZIP_THRESHOLD = 1024


def user_token_name(user_id: str) -> str:
    """The name under which a signed-in person's token is kept in the `TokenStore`."""
    return f"user_token:{user_id}"


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _offline_message(base_url: str, what: str) -> str:
    return (f"Can't reach the server at {base_url} ({what}). The observations are safe on this "
            "PC and will be sent when the connection is back.")


class HttpClient:
    """`SyncProtocol` over HTTP(S) to `base_url`, with tokens from `tokens`."""

    def __init__(self, base_url: str, tokens: TokenStore | None, *,
                 timeout: tuple[float, float] = (5, 30), session: requests.Session | None = None,
                 verify: bool | str = True, user_agent: str | None = None):
        url = base_url.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SyncError("invalid_request", f"“{base_url}” is not a server address. Type it "
                            "as IT gave it, e.g. https://frontline.example.com")
        self.base_url = url
        self.tokens = tokens
        self.timeout = timeout
        self.session = session or requests.Session()
        self.session.verify = verify
        from frontline import __version__

        self.session.headers.update({
            PROTOCOL_HEADER: str(PROTOCOL_VERSION),
            PUSH_RESULTS_HEADER: PUSH_RESULTS_SHORT,  # apply_push_results merges `accepted`
            "User-Agent": user_agent or f"frontline/{__version__}",
            "Accept": "application/json",
            "Accept-Encoding": "gzip",
        })
        self.user_id: str | None = None
        self._device_token: str | None = None
        self.requests_sent = 0

    # --- tokens ---------------------------------------------------------------------

    def act_as(self, user_id: str | None) -> None:
        """Send the token of this signed-in person (None: the PC alone, by its device token)."""
        self.user_id = user_id

    def device_token(self) -> str | None:
        if self._device_token is None and self.tokens is not None:
            self._device_token = self.tokens.get(DEVICE_TOKEN)
        return self._device_token

    def forget_cached_tokens(self) -> None:
        self._device_token = None

    def _auth_headers(self, *, user: bool = True) -> dict[str, str]:
        headers: dict[str, str] = {}
        device = self.device_token()
        if device:
            headers[DEVICE_TOKEN_HEADER] = device
        if user and self.user_id and self.tokens is not None:
            token = self.tokens.get(user_token_name(self.user_id))
            if token:
                headers["Authorization"] = f"Bearer {token}"
        return headers

    # --- SyncProtocol ---------------------------------------------------------------

    def enrol(self, code: str, device_name: str) -> EnrolResponse:
        body = {"protocol": PROTOCOL_VERSION, "code": code, "device_name": device_name}
        answer = self._call("POST", "/v1/enrol", body, auth=False, repeatable=False)
        return cast(EnrolResponse, answer)

    def sign_in(self, username: str, password: str) -> SignInResponse:
        body = {"protocol": PROTOCOL_VERSION, "username": username, "password": password}
        return cast(SignInResponse, self._call("POST", "/v1/sign-in", body, user=False))

    def sign_out(self) -> None:
        self._call("POST", "/v1/sign-out", {"protocol": PROTOCOL_VERSION})

    def me(self) -> WhoAmI:
        return cast(WhoAmI, self._call("GET", "/v1/me"))

    def push(self, mutations: Sequence[Mutation]) -> PushResponse:
        body = {"protocol": PROTOCOL_VERSION, "mutations": list(mutations)}
        answer = self._call("POST", "/v1/push", body)
        results = answer.get("results") if isinstance(answer, dict) else None
        if not isinstance(results, list) or len(results) != len(mutations):
            raise SyncError("internal", "The server's answer to the upload was incomplete. "
                            "Nothing was lost: everything not confirmed is sent again.")
        return cast(PushResponse, answer)

    def pull(self, cursor: str | None, limit: int = 500) -> PullResponse:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        answer = self._call("GET", "/v1/pull", params=params)
        if not isinstance(answer, dict) or "cursor" not in answer:
            raise SyncError("internal", "The server's answer to the download was incomplete. "
                            "It will be asked again.")
        return cast(PullResponse, answer)

    def reference(self) -> ReferenceData:
        return cast(ReferenceData, self._call("GET", "/v1/reference"))

    def insights(self, params: Mapping[str, str]) -> dict[str, Any]:
        """`GET /v1/insights` as the signed-in reviewer (`since`, `until`, filters; see
        docs/insights.md). Raises `SyncError` like every call (`forbidden` for an employee)."""
        return cast(dict[str, Any], self._call("GET", "/v1/insights", params=params))

    def observations(self, params: Mapping[str, str]) -> dict[str, Any]:
        """`GET /v1/observations`: one page of the observations behind an Insights figure
        (the filters of `insights_query.drill_params`, `cursor` = the page before's `next`,
        `limit`). Returns `{"items": [ObservationWire…], "next": str | None, "total": int}`."""
        answer = self._call("GET", "/v1/observations", params=params)
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise SyncError("internal", "The server's list of observations was incomplete. "
                            "Press Refresh to ask again.")
        return cast(dict[str, Any], answer)

    def export(self, params: Mapping[str, str], dest_path: Path, *,
               on_progress: Callable[[int], None] | None = None,
               should_cancel: Callable[[], bool] | None = None) -> int:
        """`GET /v1/export` (the same filters, `format` csv or jsonl) streamed to
        `dest_path`: written beside it and renamed when complete, so a cut connection, a
        cancel or a full disk leave no half file that looks whole. Returns the bytes
        written; `on_progress(bytes)` after each chunk. Raises `SyncError`, `ExportCancelled`
        or `DataFileError` (the folder cannot be written)."""
        from frontline.store.list_export import ExportCancelled, atomic_target

        headers = self._auth_headers()
        url = self.base_url + "/v1/export"
        try:
            response = self.session.get(url, params=params, headers=headers,
                                        timeout=self.timeout, stream=True)
        except requests.exceptions.RequestException as error:
            raise self._network(error) from error
        with response:
            if response.status_code == 401 and "Authorization" in headers:
                raise self._signed_out_or_unauthorized(response)
            if response.status_code >= 400:
                raise self._error(response)
            written = 0
            with atomic_target(Path(dest_path), binary=True) as out:
                try:
                    for chunk in response.iter_content(chunk_size=64 * 1024):
                        if should_cancel is not None and should_cancel():
                            raise ExportCancelled("The export was cancelled; no file was "
                                                  "written.")
                        out.write(chunk)
                        written += len(chunk)
                        if on_progress is not None:
                            on_progress(written)
                except (requests.exceptions.ConnectionError,
                        requests.exceptions.ChunkedEncodingError,
                        requests.exceptions.Timeout) as error:
                    raise self._network(error) from error
        return written

    def close(self) -> None:
        self.session.close()

    # --- plumbing -------------------------------------------------------------------

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None, *,
              params: Mapping[str, Any] | None = None, auth: bool = True, user: bool = True,
              repeatable: bool = True) -> Any:
        headers = self._auth_headers(user=user) if auth else {}
        data: bytes | None = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
            if len(data) > GZIP_THRESHOLD:
                data = gzip.compress(data, compresslevel=5)
                headers["Content-Encoding"] = "gzip"
        attempts = 2 if repeatable else 1
        for attempt in range(attempts):
            try:
                self.requests_sent += 1
                # verify given per request: requests lets $REQUESTS_CA_BUNDLE or
                # $CURL_CA_BUNDLE override session.verify, which would ignore IT's
                # ca_bundle (https://github.com/psf/requests/issues/3829)
                response = self.session.request(method, self.base_url + path, data=data,
                                                params=params, headers=headers,
                                                timeout=self.timeout,
                                                verify=self.session.verify)
                break
            except requests.exceptions.Timeout as error:
                raise self._network(error) from error
            except (requests.exceptions.ConnectionError,
                    requests.exceptions.ChunkedEncodingError) as error:
                if attempt + 1 < attempts and not _refused(error):
                    continue
                raise self._network(error) from error
            except requests.exceptions.RequestException as error:
                raise self._network(error) from error
        if response.status_code == 401 and "Authorization" in headers:
            raise self._signed_out_or_unauthorized(response)
        if response.status_code >= 400:
            raise self._error(response, authed=auth)
        try:
            return response.json()
        except (ValueError, requests.exceptions.RequestException) as error:
            raise SyncError("internal", "The server sent an answer Frontline does not "
                            "understand. Check the server address; if it is right, tell IT.") \
                from error

    def _network(self, error: Exception) -> SyncError:
        text = str(error)
        if isinstance(error, requests.exceptions.SSLError):
            what = "its certificate is not trusted by this PC; ask IT"
        elif isinstance(error, requests.exceptions.ConnectTimeout):
            what = "no answer when connecting"
        elif isinstance(error, requests.exceptions.Timeout):
            what = "it did not answer in time"
        elif "Name or service not known" in text or "getaddrinfo" in text or \
                "nodename nor servname" in text or isinstance(error.__context__, socket.gaierror):
            what = "the address was not found; check it, or the network"
        elif _refused(error):
            what = "the connection was refused; the server may be down"
        else:
            what = "the connection broke"
        return SyncError("network", _offline_message(self.base_url, what))

    def _signed_out_or_unauthorized(self, response: requests.Response) -> SyncError:
        """A 401 with a person's token: is it theirs that ended, or the PC's enrolment?"""
        try:
            self._call("GET", "/v1/me", user=False)
        except SyncError as error:
            if error.kind == "unauthorized":
                return error
        return SyncError("signed_out", _message(response) or
                         "Your sign-in has ended. Sign in again; what you recorded is kept.")

    def _error(self, response: requests.Response, *, authed: bool = True) -> SyncError:
        status = response.status_code
        code = _code(response)
        message = _message(response)
        retry = _retry_after(response.headers.get("Retry-After"))
        if status == 426 or code == "update_required":
            return SyncError("update_required", message or (
                "This version of Frontline is too old for the server. Ask IT to update it; "
                "your observations stay on this PC until then."))
        if status == 401 and not authed:
            return SyncError("unauthorized", message or "The server did not accept that.")
        if status == 401:
            return SyncError("unauthorized", (message or "The server no longer accepts this "
                             "PC.") + " Enrol this PC again with a new code from IT or your "
                             "manager; the observations waiting here are kept and sent then.")
        if status == 403:
            return SyncError("forbidden", message or "You are not allowed to do that.")
        if status == 404:
            return SyncError("not_found", message or f"There is no Frontline server at "
                             f"{self.base_url}. Check the address.")
        if status == 413:
            return SyncError("too_large", message or "The upload was too large for the server.")
        if status == 429:
            return SyncError("throttled", message or "The server asks to slow down; Frontline "
                             "will try again shortly.", retry_after=retry)
        if status in (502, 503, 504):
            return SyncError("busy", message or "The server is busy or restarting; Frontline "
                             "will try again shortly. Nothing was lost.", retry_after=retry)
        if status >= 500:
            return SyncError("internal", message or "The server hit a problem. Frontline will "
                             "try again later; tell IT if it keeps happening.", retry_after=retry)
        return SyncError("invalid_request", message or f"The server refused the request "
                         f"(HTTP {status}). Tell IT: Frontline may need an update.")


def _refused(error: Exception) -> bool:
    seen: BaseException | None = error
    for _ in range(8):
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError):
            return True
        args = getattr(seen, "args", ())
        nxt = args[0] if args and isinstance(args[0], BaseException) else None
        seen = seen.__cause__ or seen.__context__ or nxt or getattr(seen, "reason", None)
    return "Connection refused" in str(error) or "Errno 111" in str(error)


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        value = response.json()
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _code(response: requests.Response) -> str:
    return str(_body(response).get("error") or "")


def _message(response: requests.Response) -> str:
    message = _body(response).get("message")
    return str(message) if isinstance(message, str) else ""
