"""One error shape for every 4xx/5xx: `{"detail": str, "errors": [{"field", "message"}]}`.
Redis unreachable -> 503; Redis full (its `maxmemory` reached, policy noeviction) -> 507."""

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError as RedisOutOfMemoryError
from redis.exceptions import TimeoutError as RedisTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from huddle.observability import metrics

log = logging.getLogger(__name__)


STORAGE_FULL = "the server's storage is full; nothing was saved. Try again later"


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


def methods_served(request: Request) -> list[str]:
    """The documented methods at this request's path (the Allow header of a 405)."""
    table: list[tuple[re.Pattern[str], list[str]]] | None = getattr(request.app.state, "allow_table", None)
    if table is None:
        table = []
        for template, operations in request.app.openapi().get("paths", {}).items():
            pattern = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$")
            table.append((pattern, sorted(method.upper() for method in operations)))
        request.app.state.allow_table = table
    for pattern, methods in table:
        if pattern.match(request.url.path):
            return methods
    return []


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
    async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code == 400 and "parsing the body" in str(error.detail):
            # FastAPI's answer to a body that is not even text; the same as malformed JSON to clients.
            return error_response(
                422, "body: is not valid JSON", [FieldError(field="body", message="is not valid JSON")]
            )
        headers = dict(error.headers or {})
        if error.status_code == 405:
            # Starlette lists only the first route's methods; a path may have several routes.
            headers["Allow"] = ", ".join(methods_served(request))
        return error_response(error.status_code, str(error.detail), headers=headers)

    @app.exception_handler(RedisConnectionError)
    @app.exception_handler(RedisTimeoutError)
    async def storage_unavailable(_: Request, error: Exception) -> JSONResponse:
        log.warning("storage unavailable: %s", error)
        metrics.redis_errors.labels("request").inc()
        return error_response(503, "storage is unavailable right now; try again shortly", headers={"Retry-After": "2"})

    @app.exception_handler(RedisOutOfMemoryError)
    async def storage_full(_: Request, error: Exception) -> JSONResponse:
        log.error("storage is full (Valkey maxmemory reached): %s", error)
        metrics.redis_errors.labels("out_of_memory").inc()
        return error_response(507, STORAGE_FULL, headers={"Retry-After": "60"})


def use_error_body_for_validation_errors(app: FastAPI) -> None:
    """FastAPI documents every 422 as its own HTTPValidationError; ours answer ErrorBody."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorBody", ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}"))
        components.setdefault("FieldError", FieldError.model_json_schema())
        components["ErrorBody"].pop("$defs", None)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                invalid = operation.get("responses", {}).get("422")
                if invalid is not None:
                    invalid["content"] = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
                    invalid["description"] = "Invalid input; `errors` names the fields"
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
