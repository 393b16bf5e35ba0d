"""One error shape for every 4xx/5xx: `{"detail": str, "errors": [{"field", "message"}]}`."""

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from huddle.observability import metrics

log = logging.getLogger(__name__)


class FieldError(BaseModel):
    field: str
    message: str


class ErrorBody(BaseModel):
    detail: str
    errors: list[FieldError] = []


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        detail: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.extra = extra or {}
        self.status = status
        self.detail = detail
        self.field = field
        self.headers = headers


def error_response(
    status: int, detail: str, errors: list[FieldError] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(detail=detail, errors=errors or [])
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _field_path(loc: tuple[int | str, ...]) -> str:
    # ("body", "options", 2, "text") -> "options[2].text"; the "body"/"query" prefix is noise.
    parts = list(loc[1:]) if loc and loc[0] in ("body", "query", "path", "header", "cookie") else list(loc)
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "body"


def _validation_message(error: dict[str, object]) -> str:
    message = str(error.get("msg", "is invalid"))
    # Our own validators raise ValueError("..."); pydantic prefixes "Value error, ".
    return message.removeprefix("Value error, ")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, error: ApiError) -> JSONResponse:
        errors = [FieldError(field=error.field, message=error.detail)] if error.field else []
        response = error_response(error.status, error.detail, errors, error.headers)
        if error.extra:
            body = ErrorBody(detail=error.detail, errors=errors).model_dump() | error.extra
            return JSONResponse(body, status_code=error.status, headers=error.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = []
        for item in error.errors():
            if item.get("type") == "json_invalid":
                errors.append(FieldError(field="body", message="is not valid JSON"))
                continue
            errors.append(FieldError(field=_field_path(tuple(item.get("loc", ()))), message=_validation_message(item)))
        detail = "; ".join(f"{e.field}: {e.message}" for e in errors) or "invalid request"
        return error_response(422, detail, errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        return error_response(error.status_code, str(error.detail), headers=dict(error.headers or {}))

    @app.exception_handler(RedisConnectionError)
    @app.exception_handler(RedisTimeoutError)
    async def storage_unavailable(_: Request, error: Exception) -> JSONResponse:
        log.warning("storage unavailable: %s", error)
        metrics.redis_errors.inc()
        return error_response(503, "storage is unavailable right now; try again shortly", headers={"Retry-After": "2"})
