"""Imports every area's models so that the metadata (and Alembic) sees them all."""
from .accounts.models import User  # noqa: F401
from .realtime.models import Event  # noqa: F401
from .roundtable.models import Dialogue, Organization, Participant, StakeholderGroup  # noqa: F401
