import pytest

from dialogues.extensions import limiter


@pytest.fixture
def limits(app):
    """Rate limits on (tests elsewhere run with RATELIMIT_ENABLED False), from a clean slate."""
    saved = dict(app.config)
    app.config["RATELIMIT_ENABLED"] = True
    limiter.reset()
    yield app.config
    limiter.reset()
    app.config.clear()
    app.config.update(saved)
