"""Where registration mail goes out: the call sites of issue #14's mail (item 5), to be filled there.

Each is called by the service that made the change, inside its transaction (after flush): the mail
itself must wait for the commit, and a room pass (``participant.user.email`` is None) gets none.
"""
from .models import Participant


def registration_received(participant: Participant) -> None:
    """Someone registered (with an account, or a room pass): "we received your registration"."""


def registration_decided(participant: Participant) -> None:
    """An organizer approved or declined a registration (``participant.state`` says which)."""
