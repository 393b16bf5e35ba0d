from fastapi import Request


def served_over_https(request: Request) -> bool:
    """Whether the browser reached us over https (directly, or through a proxy that says so):
    cookies then get the Secure flag, and so must the headers that clear them."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
