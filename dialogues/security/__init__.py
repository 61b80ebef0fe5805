"""Security and privacy: response headers, rate limits, sign-in delays, the audit log, personal data.

See docs/security.md for the threats considered and the test that covers each.
"""
from flask import Flask, current_app

from ..extensions import limiter, talisman

# No inline script or style anywhere: every script is a file under /static (see tests/security).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",  # the Socket.IO connection (ws/wss to the same host)
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask) -> None:
    # HTTPS redirects are the proxy's job (see docs/security.md); HSTS is sent on HTTPS requests only.
    talisman.init_app(
        app,
        force_https=False,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        session_cookie_http_only=True,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        strict_transport_security=True,
        strict_transport_security_max_age=365 * 24 * 3600,
        permissions_policy={"camera": "()", "microphone": "()", "geolocation": "()"},
    )
    _init_limiter(app)

    from .routes import bp

    app.register_blueprint(bp)


def _init_limiter(app: Flask) -> None:
    """Flask-Limiter reads RATELIMIT_ENABLED once and, when false, never sets itself up; the
    switch is read on each request instead, so that tests of the limits can turn them on."""
    enabled = app.config["RATELIMIT_ENABLED"]
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    app.config["RATELIMIT_ENABLED"] = enabled


@limiter.request_filter
def _limits_switched_off() -> bool:
    return not current_app.config["RATELIMIT_ENABLED"]
