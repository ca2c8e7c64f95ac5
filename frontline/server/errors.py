"""Errors the API answers with: always JSON `{"error": code, "message": text}`."""

from __future__ import annotations

from frontline.sync.protocol import ErrorCode


class ApiError(Exception):
    """An answer other than 2xx, with a message a person can act on."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        retry_after: int | None = None,
        close: bool = False,
    ):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after
        #: end the connection after this answer (a client too slow to trust with it)
        self.close = close

    @property
    def headers(self) -> dict[str, str]:
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        if self.close:
            headers["Connection"] = "close"
        return headers


def unauthorized(message: str = "Sign in again: your session has ended or is not valid.") -> ApiError:
    return ApiError(401, ErrorCode.UNAUTHORIZED, message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, ErrorCode.FORBIDDEN, message)


def invalid(message: str, status: int = 400) -> ApiError:
    return ApiError(status, ErrorCode.INVALID_REQUEST, message)


def not_found(message: str) -> ApiError:
    return ApiError(404, ErrorCode.NOT_FOUND, message)


UPDATE_REQUIRED_MESSAGE = "This version of Frontline is too old for the server. Ask IT to update it."
