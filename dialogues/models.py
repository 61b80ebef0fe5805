"""Imports every area's models so that the metadata (and Alembic) sees them all."""
from .accounts.models import User  # noqa: F401
from .realtime.models import Event  # noqa: F401
from .roundtable.models import Dialogue, Organization, Participant, StakeholderGroup  # noqa: F401
from .agenda.models import AgendaItem  # noqa: F401
from .comments.models import Comment, Flag, Reaction  # noqa: F401
from .recommendations.models import (Amendment, Endorsement, ProgressNote, Recommendation,  # noqa: F401
                                     RecommendationSource, Representative, Revision, Stance)
from .facilitation.models import Poll, PollOption, SpeakerRequest, SpeakerSettings, Vote  # noqa: F401
from .security.models import LoginThrottle  # noqa: F401
from .exports.models import ExportJob  # noqa: F401
from .mail.models import OutgoingMail  # noqa: F401
from .platform.models import PlatformSettings  # noqa: F401
