"""Facilitation: the list of speakers, live straw polls, the moderator console and the projector view."""
