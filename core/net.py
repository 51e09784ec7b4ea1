"""The client's address, as the rate limits and login throttling count it."""

from django.conf import settings


def client_address(request):
    """REMOTE_ADDR, or — behind TRUSTED_PROXY_COUNT reverse proxies that each append the address they
    received from to X-Forwarded-For — the entry that many from the right. Entries further left are
    whatever the client claimed, so they are never trusted."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-count] if len(forwarded) >= count else remote
