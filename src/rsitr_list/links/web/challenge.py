"""Recognise bot walls: pages that answer a script with a challenge instead of content.

Such a page says nothing about whether the link works, so it is reported as blocked,
apart from broken links. Strong markers count on any status; weak ones (a captcha, an
"access denied" title) only on an error status, since a normal page may hold a form.
"""

from __future__ import annotations

from collections.abc import Mapping

_STRONG_BODY = (
    (b"/cdn-cgi/challenge-platform", "Cloudflare challenge"),
    (b"cf-browser-verification", "Cloudflare challenge"),
    (b"<title>just a moment...</title>", "Cloudflare challenge"),
    (b"attention required! | cloudflare", "Cloudflare block page"),
    (b"_incapsula_resource", "Imperva/Incapsula challenge"),
    (b"captcha-delivery.com", "DataDome challenge"),
    (b"px-captcha", "PerimeterX challenge"),
    (b"ddos-guard", "DDoS-Guard challenge"),
    (b"awswafintegration", "AWS WAF challenge"),
    (b"checking your browser before accessing", "browser check"),
)
_WEAK_BODY = (
    (b"captcha", "captcha page"),
    (b"please enable javascript and cookies", "JavaScript/cookie wall"),
    (b"<title>access denied</title>", "access denied page"),
    (b"are you a robot", "robot check"),
    (b"unusual traffic", "robot check"),
)


# Front ends whose refusals (403, 429, 503) are bot walls far more often than outages;
# matched on the Server header, so a HEAD reply without a body is recognised too.
_WALL_SERVERS = (
    ("cloudflare", "Cloudflare"),
    ("ddos-guard", "DDoS-Guard"),
    ("akamaighost", "Akamai"),
    ("sucuri", "Sucuri"),
    ("imperva", "Imperva"),
)


def detect(status: int, headers: Mapping[str, str], body_head: bytes) -> str | None:
    """The kind of wall this response is, or None for an ordinary response."""
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "Cloudflare challenge"
    if headers.get("x-amzn-waf-action"):
        return "AWS WAF challenge"
    if "x-datadome" in headers or "x-dd-b" in headers:
        return "DataDome challenge"
    if status == 999:
        return "non-standard status 999 (a bot wall)"
    if status in (403, 429, 503):
        server = headers.get("server", "").lower()
        for name, vendor in _WALL_SERVERS:
            if name in server:
                return f"{vendor} refused the request (likely a bot wall)"
    text = body_head.lower()
    for marker, what in _STRONG_BODY:
        if marker in text:
            return what
    if status >= 400:
        for marker, what in _WEAK_BODY:
            if marker in text:
                return what
    return None
