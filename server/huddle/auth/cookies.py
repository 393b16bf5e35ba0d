from starlette.requests import HTTPConnection


def served_over_https(request: HTTPConnection) -> bool:
    """Whether the browser reached us over https (directly, or through a proxy that says so):
    cookies then get the Secure flag, and so must the headers that clear them; responses get HSTS.
    uvicorn sets the scheme from X-Forwarded-Proto of a trusted proxy (HUDDLE_TRUSTED_PROXIES); the
    header is also read directly so that a proxy left out of that list still gets secure cookies
    (a client lying about it over plain http only gets headers that http ignores)."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
