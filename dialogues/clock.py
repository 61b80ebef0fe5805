"""Time as the app stores and sends it: naive UTC in the database, ISO 8601 with ``Z`` on the wire."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    """Now, as stored: naive UTC (every column holds UTC without an offset)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def iso(value: datetime | None) -> str | None:
    """A stored time for JSON and live events, to the second, marked as UTC."""
    return value.isoformat(timespec="seconds") + "Z" if value else None
