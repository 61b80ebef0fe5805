"""Who may do what: every HTTP route and every Socket.IO event, with the roles allowed to use it.

Adding a route or an event without a row here fails ``test_access.py``: nobody can add an
endpoint whose permissions were not reviewed. A row names the endpoint, a request that would
succeed for an allowed person (placeholders such as ``{d}``, ``{item}`` are ids of dialogue A's
objects, see ``world.Dialogue``), and who is allowed.
"""
import io
import re
from dataclasses import dataclass, field

from PIL import Image

from .world import ROLES

EVERYONE = frozenset(ROLES)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 10), (212, 160, 23)).save(buffer, "PNG")
    return buffer.getvalue()


LOGO_PNG = _png()  # an upload for the logo row
SIGNED_IN = EVERYONE - {"anonymous", "pass_revoked"}  # a revoked pass's cookie signs nobody in
ACCOUNTS = SIGNED_IN - {"pass", "pass_pending", "pass_other"}  # a room pass works in its dialogue only
CONTRIBUTORS = frozenset({"participant", "moderator", "organizer", "pass"})  # approved, in this dialogue
PASS_HOLDERS = frozenset({"pass", "pass_pending"})  # of this dialogue
MODERATORS = frozenset({"moderator", "organizer", "admin"})
ORGANIZERS = frozenset({"organizer", "admin"})
ADMIN = frozenset({"admin"})
AUTHOR = frozenset({"participant"})  # wrote the comment / raised the hand
AUTHOR_OR_MODERATORS = AUTHOR | MODERATORS


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    path: str
    allowed: frozenset
    data: dict = field(default_factory=dict)
    # False for routes outside any dialogue
    scoped: bool = True
    # the allowed request destroys its target: each allowed person gets a new world
    consumes: bool = False
    # what the world needs first for the allowed request to succeed: ``given(world)``
    given: object = None


DIALOGUE_FORM = {"title": "Diálogo nacional", "starts_at": "2026-12-01T09:00", "ends_at": "2026-12-01T17:00",
                 "timezone": "America/La_Paz", "language": "en", "groups": ["miners", "government"], "min_stances": "2"}

ROUTES = [
    Route("static", "GET", "/static/css/app.css", EVERYONE, scoped=False),
    Route("favicon", "GET", "/favicon.ico", EVERYONE, scoped=False),
    Route("roundtable.index", "GET", "/", EVERYONE, scoped=False),
    Route("accounts.login", "GET", "/accounts/login", EVERYONE, scoped=False),
    Route("accounts.login", "POST", "/accounts/login", EVERYONE,
          {"email": "outsider.a@example.org", "password": "correct-horse-battery"}, scoped=False),
    Route("accounts.signup", "GET", "/accounts/signup", EVERYONE, scoped=False),
    Route("accounts.signup", "POST", "/accounts/signup", EVERYONE,
          {"name": "Nueva", "email": "nueva@example.org", "password": "correct-horse-battery",
           "confirm": "correct-horse-battery", "locale": "es"}, scoped=False),
    Route("accounts.language", "POST", "/accounts/language", EVERYONE, {"lang": "es"}, scoped=False),
    Route("accounts.logout", "POST", "/accounts/logout", SIGNED_IN, scoped=False),
    Route("roundtable.my_dialogues", "GET", "/me/dialogues", ACCOUNTS, scoped=False),
    Route("security.my_data", "GET", "/me/data", SIGNED_IN, scoped=False),
    Route("security.delete_account", "GET", "/me/delete", SIGNED_IN, scoped=False),
    Route("security.delete_account", "POST", "/me/delete", SIGNED_IN,
          {"password": "correct-horse-battery", "confirm": "y"}, scoped=False),
    Route("accounts.forgot_password", "GET", "/accounts/password/forgot", EVERYONE, scoped=False),
    Route("accounts.forgot_password", "POST", "/accounts/password/forgot", EVERYONE,
          {"email": "participant.a@example.org"}, scoped=False),
    Route("accounts.reset_password", "GET", "/accounts/password/reset/{reset_token}", EVERYONE, scoped=False),
    Route("accounts.reset_password", "POST", "/accounts/password/reset/{reset_token}", EVERYONE,
          {"password": "another-horse-battery", "confirm": "another-horse-battery"}, scoped=False),
    # the organizers of the world's dialogues were allowed to create dialogues by an administrator
    Route("roundtable.create", "GET", "/dialogues/new", ORGANIZERS, scoped=False),
    Route("roundtable.create", "POST", "/dialogues/new", ORGANIZERS, DIALOGUE_FORM, scoped=False),
    Route("platform.admin", "GET", "/admin", ADMIN, scoped=False),
    Route("platform.save_settings", "POST", "/admin/settings", ADMIN, {"everyone": "y"}, scoped=False),
    Route("platform.allow_creator", "POST", "/admin/creators", ADMIN, {"email": "outsider.a@example.org"},
          scoped=False),
    Route("platform.disallow_creator", "POST", "/admin/creators/remove", ADMIN, {"email": "organizer.a@example.org"},
          scoped=False),
    Route("roundtable.join", "GET", "/join", EVERYONE, scoped=False),
    Route("roundtable.join", "POST", "/join", EVERYONE, {"code": "{join_code}"}, scoped=False),
    Route("roundtable.join_link", "GET", "/join/{join_code}", EVERYONE, scoped=False),
    # a dialogue
    Route("roundtable.show", "GET", "/d/{d}", EVERYONE),
    Route("roundtable.qr", "GET", "/d/{d}/qr.svg", EVERYONE),
    Route("roundtable.edit", "GET", "/d/{d}/edit", ORGANIZERS),
    Route("roundtable.edit", "POST", "/d/{d}/edit", ORGANIZERS, DIALOGUE_FORM),
    Route("roundtable.change_status", "POST", "/d/{d}/status", ORGANIZERS, {"status": "closed"}),
    # a pass holder of this dialogue is sent to it (registered already); another dialogue's is refused
    Route("roundtable.register", "GET", "/d/{d}/register", SIGNED_IN - {"pass_other"}),
    Route("roundtable.register", "POST", "/d/{d}/register", SIGNED_IN - {"pass_other"},
          {"group_id": "{group}", "organization_id": "0", "org_kind": ""}),
    # the join page: accounts go on to the registration form, anyone else joins with a name or a code
    Route("passes.join", "GET", "/d/{d}/join", EVERYONE),
    Route("passes.join", "POST", "/d/{d}/join", EVERYONE, {"name": "Doña Rosa", "group_id": "{group}", "agree": "y"}),
    Route("passes.continue_with_code", "POST", "/d/{d}/join/code", EVERYONE, {"code": "{pass_code}"}),
    Route("passes.my_pass", "GET", "/d/{d}/pass", PASS_HOLDERS),
    Route("passes.new_code", "POST", "/d/{d}/pass/code", PASS_HOLDERS),
    Route("passes.desk_code", "POST", "/d/{d}/participants/{pass_participant}/pass-code", ORGANIZERS),
    Route("passes.revoke", "POST", "/d/{d}/participants/{pass_participant}/revoke-pass", ORGANIZERS),
    Route("roundtable.decide_many", "POST", "/d/{d}/participants/decide", ORGANIZERS,
          {"participant_id": "{pending_participant}", "decision": "approve"}),
    Route("roundtable.participants", "GET", "/d/{d}/participants", MODERATORS),
    Route("roundtable.participant_action", "POST", "/d/{d}/participants/{pending_participant}/approve", ORGANIZERS),
    Route("roundtable.participant_role", "POST", "/d/{d}/participants/{participant}/role", ORGANIZERS,
          {"role": "moderator"}),
    Route("roundtable.walk_in", "GET", "/d/{d}/walk-in", ORGANIZERS),
    Route("roundtable.walk_in", "POST", "/d/{d}/walk-in", ORGANIZERS, {"name": "Doña Elena", "group_id": "{group}", "organization_id": "0",
                                                           "org_kind": ""}),
    Route("roundtable.invite", "GET", "/d/{d}/invite", ORGANIZERS),
    Route("roundtable.invite", "POST", "/d/{d}/invite", ORGANIZERS,
          {"addresses": "ana@example.org, luis@example.org\nana@example.org"}),
    Route("security.audit_log", "GET", "/d/{d}/audit", ORGANIZERS),
    # agenda
    Route("agenda.page", "GET", "/d/{d}/agenda", EVERYONE),
    Route("agenda.add", "POST", "/d/{d}/agenda/items", MODERATORS, {"title": "Cierre", "planned_minutes": "10"}),
    Route("agenda.edit", "GET", "/d/{d}/agenda/items/{item}/edit", MODERATORS),
    Route("agenda.edit", "POST", "/d/{d}/agenda/items/{item}/edit", MODERATORS,
          {"title": "Mercurio", "planned_minutes": "25"}),
    Route("agenda.move", "POST", "/d/{d}/agenda/items/{item}/move", MODERATORS, {"direction": "down"}),
    Route("agenda.remove", "POST", "/d/{d}/agenda/items/{planned_item}/remove", MODERATORS, consumes=True),
    Route("agenda.timer_action", "POST", "/d/{d}/agenda/items/{item}/pause", MODERATORS),
    Route("agenda.extend", "POST", "/d/{d}/agenda/items/{item}/extend", MODERATORS, {"minutes": "5"}),
    Route("agenda.next_", "POST", "/d/{d}/agenda/next", MODERATORS, {"item_id": "{item}", "waiting": "carry"}),
    # comments
    Route("comments.thread", "GET", "/d/{d}/items/{item}", EVERYONE),
    Route("comments.thread_json", "GET", "/d/{d}/items/{item}/comments.json", EVERYONE),
    Route("comments.comment_json", "GET", "/d/{d}/comments/{comment}.json", EVERYONE),
    Route("comments.post", "POST", "/d/{d}/items/{item}/comments", CONTRIBUTORS, {"body": "Retortas para todos"}),
    Route("comments.edit", "GET", "/d/{d}/comments/{comment}/edit", AUTHOR),
    Route("comments.edit", "POST", "/d/{d}/comments/{comment}/edit", AUTHOR, {"body": "Retortas, corregido"}),
    Route("comments.react", "POST", "/d/{d}/comments/{comment}/react", CONTRIBUTORS, {"kind": "agree"}),
    Route("comments.with_reason", "GET", "/d/{d}/comments/{comment}/flag", CONTRIBUTORS),
    Route("comments.with_reason", "POST", "/d/{d}/comments/{comment}/flag", CONTRIBUTORS, {"reason": "Ofensivo"}),
    Route("comments.with_reason", "GET", "/d/{d}/comments/{comment}/hide", MODERATORS),
    Route("comments.with_reason", "POST", "/d/{d}/comments/{comment}/hide", MODERATORS, {"reason": "Ofensivo"}),
    Route("comments.moderate", "POST", "/d/{d}/comments/{comment}/pin", MODERATORS),
    Route("comments.moderate", "POST", "/d/{d}/comments/{comment}/dismiss", MODERATORS, given=lambda w: flagged(w)),
    # recommendations
    Route("recommendations.index", "GET", "/d/{d}/recommendations", EVERYONE),
    Route("recommendations.show", "GET", "/d/{d}/recommendations/{recommendation}", EVERYONE),
    Route("recommendations.history", "GET", "/d/{d}/recommendations/{recommendation}/history", EVERYONE),
    Route("recommendations.new", "GET", "/d/{d}/recommendations/new", MODERATORS),
    Route("recommendations.new", "POST", "/d/{d}/recommendations/new", MODERATORS,
          {"title": "Crédito", "body": "Líneas de crédito", "item_id": "{item}", "actors": "Ministerio"}),
    Route("recommendations.edit", "GET", "/d/{d}/recommendations/{recommendation}/edit", MODERATORS),
    Route("recommendations.edit", "POST", "/d/{d}/recommendations/{recommendation}/edit", MODERATORS,
          {"title": "Crédito", "body": "Líneas de crédito", "item_id": "{item}", "actors": "Ministerio",
           "base_revision_id": "{revision}"}),
    Route("recommendations.stance", "POST", "/d/{d}/recommendations/{recommendation}/stance", CONTRIBUTORS,
          {"kind": "support"}),
    Route("recommendations.amend", "POST", "/d/{d}/recommendations/{recommendation}/amendments", CONTRIBUTORS,
          {"body": "Otro texto", "reason": "Más claro"}),
    Route("recommendations.decide", "POST",
          "/d/{d}/recommendations/{recommendation}/amendments/{amendment}/accept", MODERATORS),
    Route("recommendations.change_status", "POST", "/d/{d}/recommendations/{recommendation}/status", MODERATORS,
          {"status": "adopted"}),
    Route("recommendations.close_voting", "POST", "/d/{d}/recommendations/{recommendation}/close-voting",
          MODERATORS),
    Route("recommendations.endorse", "POST", "/d/{d}/recommendations/{recommendation}/endorse", frozenset(),
          {"endorsed": "1"}),  # representatives only, and only once adopted: nobody in this world
    Route("recommendations.follow_up", "POST", "/d/{d}/recommendations/{adopted}/follow-up", MODERATORS,
          {"status": "in_progress", "responsible_actor": "Ministerio de Minería"}),
    Route("recommendations.progress", "POST", "/d/{d}/recommendations/{adopted}/progress", MODERATORS,
          {"on": "2026-12-02", "body": "Avance"}),
    Route("recommendations.representatives", "GET", "/d/{d}/recommendations/representatives", ORGANIZERS),
    Route("recommendations.representatives", "POST", "/d/{d}/recommendations/representatives", ORGANIZERS,
          {"participant_id": "{participant}"}),
    # facilitation
    Route("facilitation.console", "GET", "/d/{d}/console", MODERATORS),
    Route("facilitation.projector", "GET", "/d/{d}/projector", EVERYONE),
    Route("facilitation.projector_token", "POST", "/d/{d}/projector/token", ORGANIZERS),
    # exports of a live dialogue: its organizers and moderators (the public only once it is closed);
    # the POST asks again for the world's finished Markdown job, which is reused (no render starts)
    Route("exports.index", "GET", "/d/{d}/export", MODERATORS),
    Route("exports.index", "POST", "/d/{d}/export", MODERATORS,
          {"format": "md", "language": "en", "scope": "all", "comments": "y"}),
    Route("exports.print_page", "GET", "/d/{d}/export/print", MODERATORS),
    Route("exports.job", "GET", "/d/{d}/export/{job}", MODERATORS),
    Route("exports.status", "GET", "/d/{d}/export/{job}/status", MODERATORS),
    Route("exports.download", "GET", "/d/{d}/export/{job}/download", MODERATORS),
    # the outcome document's summary, logos and version: organizers only (an upload without a file and
    # "next version" of a draft are refused on the page, with a message)
    Route("exports.document_page", "GET", "/d/{d}/export/document", ORGANIZERS),
    Route("exports.document_page", "POST", "/d/{d}/export/document", ORGANIZERS, {"summary": "Resumen *breve*"}),
    Route("exports.add_logo", "POST", "/d/{d}/export/document/logos", ORGANIZERS,
          {"role": "organizer", "name": "BID", "file": (LOGO_PNG, "logo.png")}),
    Route("exports.remove_logo", "POST", "/d/{d}/export/document/logos/{logo}/delete", ORGANIZERS, consumes=True),
    Route("exports.finalise", "POST", "/d/{d}/export/document/finalise", ORGANIZERS, {"confirm": "y"}, consumes=True,
          given=lambda w: closed(w)),
    Route("exports.next_version", "POST", "/d/{d}/export/document/next-version", ORGANIZERS,
          given=lambda w: finalised(w)),
    Route("facilitation.panel", "GET", "/d/{d}/panels/speakers", EVERYONE),
    Route("facilitation.panel", "GET", "/d/{d}/panels/console-moderation", MODERATORS),
    Route("facilitation.raise_hand", "POST", "/d/{d}/speakers/raise", CONTRIBUTORS, {"kind": "point_of_order"}),
    Route("facilitation.withdraw", "POST", "/d/{d}/speakers/withdraw", AUTHOR_OR_MODERATORS,
          {"request_id": "{request}"}),
    Route("facilitation.add_speaker", "POST", "/d/{d}/speakers/add", MODERATORS,
          {"participant_id": "0", "name": "Don Julio", "kind": "normal"}),
    Route("facilitation.move", "POST", "/d/{d}/speakers/move", MODERATORS, {"request_id": "{request}", "to_index": "0"}),
    Route("facilitation.give_floor", "POST", "/d/{d}/speakers/floor", MODERATORS, {"request_id": "{request}"}),
    Route("facilitation.end_turn", "POST", "/d/{d}/speakers/end", MODERATORS),
    Route("facilitation.speaker_settings", "POST", "/d/{d}/speakers/settings", MODERATORS,
          {"default_seconds": "120"}),
    Route("facilitation.create_poll", "POST", "/d/{d}/polls", MODERATORS,
          {"question": "¿Crédito?", "kind": "single", "options": "Sí\nNo"}),
    Route("facilitation.poll_state", "POST", "/d/{d}/polls/{draft_poll}/open", MODERATORS),
    Route("facilitation.vote", "POST", "/d/{d}/polls/{poll}/vote", CONTRIBUTORS, {"option_ids": "{option}"}),
]


@dataclass(frozen=True)
class SocketEvent:
    name: str
    payload: dict
    allowed: frozenset
    write: bool = True  # writes carry a client id
    # False when the world's state refuses even an allowed person (nothing to resume)
    ready: bool = True


# Handled outside this table: "connect" (tests/security/test_live_connections.py) and "*", the
# catch-all that answers unknown events with an error (tests/security/test_fuzz.py).
SOCKET_EXCEPTIONS = {"connect", "*"}

EVENTS = [
    SocketEvent("join", {"last_seq": 0}, EVERYONE, write=False),
    SocketEvent("sync", {"last_seq": 0}, EVERYONE, write=False),
    SocketEvent("agenda.start", {"item_id": "{planned_item}"}, MODERATORS),
    SocketEvent("agenda.pause", {"item_id": "{item}"}, MODERATORS),
    SocketEvent("agenda.resume", {"item_id": "{item}"}, MODERATORS, ready=False),  # the item runs
    SocketEvent("agenda.end", {"item_id": "{item}"}, MODERATORS),
    SocketEvent("agenda.extend", {"item_id": "{item}", "minutes": 5}, MODERATORS),
    SocketEvent("agenda.next", {"item_id": "{item}", "waiting": "carry"}, MODERATORS),
    SocketEvent("comment.post", {"item_id": "{item}", "body": "Retortas para todos"}, CONTRIBUTORS),
    SocketEvent("comment.edit", {"comment_id": "{comment}", "body": "Corregido"}, AUTHOR),
    SocketEvent("comment.react", {"comment_id": "{comment}", "kind": "agree"}, CONTRIBUTORS),
    SocketEvent("comment.flag", {"comment_id": "{comment}", "reason": "Ofensivo"}, CONTRIBUTORS),
    SocketEvent("comment.hide", {"comment_id": "{comment}", "reason": "Ofensivo"}, MODERATORS),
    SocketEvent("comment.unhide", {"comment_id": "{hidden}"}, MODERATORS),
    SocketEvent("comment.pin", {"comment_id": "{comment}"}, MODERATORS),
    SocketEvent("comment.unpin", {"comment_id": "{pinned}"}, MODERATORS),
    SocketEvent("comment.dismiss_flags", {"comment_id": "{comment}"}, MODERATORS, ready=False),  # no open flag
    SocketEvent("recommendation.stance", {"recommendation_id": "{recommendation}", "kind": "support"}, CONTRIBUTORS),
    SocketEvent("recommendation.close_voting", {"recommendation_id": "{recommendation}"}, MODERATORS),
    SocketEvent("recommendation.set_status", {"recommendation_id": "{recommendation}", "status": "adopted"},
                MODERATORS),
    SocketEvent("recommendation.decide_amendment",
                {"recommendation_id": "{recommendation}", "amendment_id": "{amendment}", "accept": True}, MODERATORS),
    SocketEvent("speakers.raise_hand", {"kind": "point_of_order"}, CONTRIBUTORS),
    SocketEvent("speakers.withdraw", {"request_id": "{request}"}, AUTHOR_OR_MODERATORS),
    SocketEvent("speakers.add", {"name": "Don Julio"}, MODERATORS),
    SocketEvent("speakers.move", {"request_id": "{request}", "to_index": 0}, MODERATORS),
    SocketEvent("speakers.give_floor", {"request_id": "{request}"}, MODERATORS),
    SocketEvent("speakers.end_turn", {}, MODERATORS),
    SocketEvent("speakers.settings", {"default_seconds": 120, "first_timers_first": True}, MODERATORS),
    SocketEvent("poll.create", {"question": "¿Crédito?", "kind": "single", "options": ["Sí", "No"]}, MODERATORS),
    SocketEvent("poll.open", {"poll_id": "{draft_poll}"}, MODERATORS),
    SocketEvent("poll.close", {"poll_id": "{poll}"}, MODERATORS),
    SocketEvent("poll.vote", {"poll_id": "{poll}", "option_ids": ["{option}"]}, CONTRIBUTORS),
]


NOT_OBJECTS = {"d", "group", "join_code", "reset_token", "pass_code"}


def object_placeholders(value) -> set[str]:
    """The object ids (``{item}``, ``{comment}``…) a path or payload refers to."""
    return set(re.findall(r"\{(\w+)\}", repr(value))) - NOT_OBJECTS


def closed(w) -> None:
    """Dialogue A is closed (its outcome document can then be finalised)."""
    from dialogues.extensions import db
    from dialogues.roundtable.models import Dialogue, DialogueStatus

    db.session.get(Dialogue, w.a.d).status = DialogueStatus.CLOSED
    db.session.commit()


def flagged(w) -> None:
    """The pass holder flagged the participant's comment in dialogue A (its flags can then be dismissed)."""
    from dialogues.comments import services as comments
    from dialogues.comments.models import Comment
    from dialogues.extensions import db
    from dialogues.roundtable.models import Dialogue

    comments.flag(db.session.get(Dialogue, w.a.d), w.users["pass"], db.session.get(Comment, w.a.comment))
    db.session.commit()


def finalised(w) -> None:
    """Dialogue A's outcome document is final (a new version can then be started)."""
    from dialogues.exports import outcome
    from dialogues.extensions import db
    from dialogues.roundtable.models import Dialogue

    closed(w)
    outcome.finalise(db.session.get(Dialogue, w.a.d), w.users["organizer"], confirmed=True)
    db.session.commit()


def fill(value, ids: dict):
    """``"{item}"`` → the id itself (payloads are strictly typed); other strings are formatted."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids)
    if isinstance(value, list):
        return [fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    if isinstance(value, tuple) and isinstance(value[0], bytes):  # an upload: a fresh file for each request
        return (io.BytesIO(value[0]), value[1])
    return value
