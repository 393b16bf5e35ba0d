"""The address a request came from, the one key every per-address limit uses.

uvicorn runs with `proxy_headers=True`: it rewrites the client from `X-Forwarded-For` only when the
peer is a trusted proxy (`forwarded_allow_ips`, loopback by default), so a visitor cannot pick an
address by sending the header themselves.
"""

from starlette.requests import HTTPConnection


def client_address(connection: HTTPConnection) -> str:
    return connection.client.host if connection.client else "unknown"
