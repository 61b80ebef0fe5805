/* GoldLive — one Socket.IO connection per page, kept in step with the dialogue's event log.
 *
 * The page is rendered at seq N (data-live-seq). On every (re)connect the client joins with the
 * last seq it applied and receives everything after it first; live events are applied only in
 * seq order: a duplicate is dropped, a gap triggers a `sync` at once. Writes carry a client id and
 * are re-sent after a reconnect until acknowledged, so a weak connection loses and doubles nothing.
 *
 *   GoldLive.on("comment.posted", (data, message) => …)   // apply an event
 *   GoldLive.on("*", (data, message) => …)                // every event, also a "skip": the seq stub,
 *                                                          // without data, of one only moderators read
 *   document "goldlive:me" event                           // the reader's own registration changed (told live,
 *                                                          // or found changed by a rejoin)
 *   document "goldlive:state" event, GoldLive.state()      // the connection: connecting, live, reconnecting, offline, ended
 *   GoldLive.send("comment.post", {...}).then(ack => …)   // a write; ack = {ok, id, seq} | {ok:false, error, message}
 *   GoldLive.plural(texts, n)                               // a count's text, as ngettext words it (templating.plural_texts)
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-dialogue]");
  if (!root || typeof window.io !== "function") return;

  var dialogueId = Number(root.getAttribute("data-live-dialogue"));
  var token = root.getAttribute("data-live-token") || undefined;  // a draft's secret projector link
  var lastSeq = Number(root.getAttribute("data-live-seq") || 0);
  var stateEl = document.querySelector("[data-live-state]");
  var handlers = {};
  var joined = false, syncing = false, syncAgain = false;
  var early = [];          // live events that arrived before the join ack
  var pending = [];        // writes not yet acknowledged: {event, payload, resolve}
  var me = {};
  var everJoined = false;
  var state = "connecting";

  function setState(next) {
    state = next;
    document.dispatchEvent(new CustomEvent("goldlive:state", {detail: state}));
    if (!stateEl) return;
    stateEl.setAttribute("data-state", state);
    stateEl.textContent = stateEl.getAttribute("data-text-" + state) || state;
  }

  // Pages that show the person's controls only after a reload (the thread's comment form) say, once she
  // may contribute, only that: the waiting text ([data-when-pending]) goes and the way to the controls
  // ([data-when-approved], in a polite live region of the page) appears. Its link to this same page
  // reloads it: a link that differs only by its #fragment would just scroll.
  function approved() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-when-pending]"), function (el) { el.hidden = true; });
    Array.prototype.forEach.call(document.querySelectorAll("[data-when-approved]"), function (el) { el.hidden = false; });
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("[data-when-approved] a[href]");
    if (!link || link.href.split("#")[0] !== location.href.split("#")[0]) return;
    e.preventDefault();
    location.hash = link.hash;
    location.reload();
  });

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  function dispatch(message) {
    (handlers[message.type] || []).concat(handlers["*"] || []).forEach(function (fn) {
      try { fn(message.data || {}, message); } catch (e) { if (window.console) console.error(e); }
    });
  }

  function apply(message) {
    if (message.seq <= lastSeq) return true;            // already applied
    if (message.seq !== lastSeq + 1) return false;      // gap
    lastSeq = message.seq;
    root.setAttribute("data-live-seq", String(lastSeq));
    dispatch(message);
    return true;
  }

  function applyAll(messages) {
    messages.forEach(function (m) { apply(m); });
  }

  function sync() {
    if (syncing) { syncAgain = true; return; }
    syncing = true;
    socket.timeout(15000).emit("sync", {dialogue_id: dialogueId, last_seq: lastSeq, token: token}, function (err, ack) {
      syncing = false;
      if (!err && ack && ack.ok) applyAll(ack.events);
      if (err || (ack && ack.more) || syncAgain) { syncAgain = false; sync(); }
    });
  }

  function receive(message) {
    if (!joined) { early.push(message); return; }
    if (!apply(message)) sync();
  }

  function flush() {
    pending.slice().forEach(emitWrite);
  }

  function emitWrite(write) {
    if (!socket.connected || write.inFlight) return;
    write.inFlight = true;
    socket.timeout(15000).emit(write.event, write.payload, function (err, ack) {
      write.inFlight = false;
      if (err) return;                     // timed out: re-sent with the same client id on reconnect
      pending.splice(pending.indexOf(write), 1);
      write.resolve(ack);
    });
  }

  // Connect once every deferred script has registered its handlers.
  var socket = window.io({autoConnect: false, reconnectionDelayMax: 10000});
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { socket.connect(); });
  } else {
    socket.connect();
  }

  socket.on("connect", function () {
    joined = false;
    socket.emit("join", {dialogue_id: dialogueId, last_seq: lastSeq, token: token}, function (ack) {
      if (!ack || !ack.ok) { setState("ended"); return; }  // no longer allowed to follow: only a reload says why
      // A "me" message sent while the page was not connected is not replayed (it is the person's, not
      // the dialogue's log): a rejoin that finds the person's registration or role changed says so.
      var before = JSON.stringify(me);
      me = ack.me || {};
      if (everJoined && JSON.stringify(me) !== before) document.dispatchEvent(new CustomEvent("goldlive:me", {detail: me}));
      everJoined = true;
      if (me.can_contribute) approved();  // approved while this page was not connected
      applyAll(ack.events);
      joined = true;
      var buffered = early; early = [];
      buffered.forEach(receive);
      if (ack.more) sync();
      setState("live");
      flush();
      document.dispatchEvent(new CustomEvent("goldlive:joined", {detail: me}));
    });
  });
  socket.on("disconnect", function (reason) {
    joined = false;
    setState(navigator.onLine === false ? "offline" : "reconnecting");
    // The server ends a connection when the person's session or rights change (sign-out elsewhere,
    // demotion, decline): socket.io does not come back by itself then, so the page connects again as
    // who the person is now, and the join says what they may still follow and do.
    if (reason === "io server disconnect") setTimeout(function () { socket.connect(); }, 500 + Math.random() * 1000);
  });
  // Refused because the server's database could not answer in time (down, or too busy): socket.io
  // does not retry a refusal by itself, so the page does, a few seconds later.
  socket.on("connect_error", function (err) {
    if (socket.active || !err || !err.data || err.data.error !== "database_unavailable") return;
    setState("reconnecting");
    setTimeout(function () { socket.connect(); }, 2000 + Math.random() * 3000);
  });
  socket.io.on("reconnect_attempt", function () { setState(navigator.onLine === false ? "offline" : "reconnecting"); });
  window.addEventListener("offline", function () { setState("offline"); });
  socket.on("event", receive);
  // The person's own registration changed (approved, declined, a new role): the page re-reads what
  // depends on it (facilitation.js re-fetches its panels) and says so, without a reload.
  socket.on("me", function (data) {
    if (!data || data.dialogue_id !== dialogueId) return;
    me = Object.assign({}, me, {participant_id: data.participant_id,
                                can_contribute: data.state === "approved" && data.role !== "observer"});
    document.dispatchEvent(new CustomEvent("goldlive:me", {detail: data}));
    if (me.can_contribute) approved();
  });

  /* Does a whole number n ≥ 0 fall under a CLDR plural rule as Babel writes it ("i in 0..1", "n in 1",
     "i in 1 and v in 0", "n mod 10 in 2..4 and n mod 100 not in 12..14")? A whole number has no visible
     fraction or exponent: n and i are the number, every other operand (v, w, f, t, c, e) is 0. */
  function pluralRule(rule, n) {
    return rule.split(" or ").some(function (alternative) {
      return alternative.split(" and ").every(function (relation) {
        var m = /^([a-z])(?: mod (\d+))?( not)? (?:in|within) ([\d.,]+)$/.exec(relation);
        if (!m) return false;
        var x = m[1] === "n" || m[1] === "i" ? n : 0;
        if (m[2]) x %= Number(m[2]);
        var inside = m[4].split(",").some(function (range) {
          var ends = range.split("..");
          return x >= Number(ends[0]) && x <= Number(ends[ends.length - 1]);
        });
        return inside !== !!m[3];
      });
    });
  }

  window.GoldLive = {
    dialogueId: dialogueId,
    /* The text for the count n out of {when: [[rule, text], …], other: text}. */
    plural: function (texts, n) {
      var hit = (texts.when || []).filter(function (pair) { return pluralRule(pair[0], Math.abs(n)); })[0];
      return hit ? hit[1] : texts.other;
    },
    me: function () { return me; },
    state: function () { return state; },
    lastSeq: function () { return lastSeq; },
    on: function (type, fn) { (handlers[type] = handlers[type] || []).push(fn); },
    send: function (event, payload) {
      return new Promise(function (resolve) {
        var write = {event: event, resolve: resolve,
                     payload: Object.assign({dialogue_id: dialogueId, client_id: newClientId()}, payload)};
        pending.push(write);
        emitWrite(write);
      });
    }
  };
})();
