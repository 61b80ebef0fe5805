/* Facilitation panels: live re-rendering, socket writes from ordinary forms, ticking timers.
 *
 * A panel ([data-panel]) is server-rendered HTML that works without JavaScript. When an event whose
 * type starts with one of its data-panel-events prefixes arrives (empty: any event, even the "skip"
 * stub of one only moderators read: the projector drops a flagged comment), the panel is
 * re-fetched from data-panel-url and its body replaced: one rendering path (Jinja, autoescaped), and
 * a replayed event just re-reads the current state, so handling is idempotent. Focus stays on the
 * control with the same data-focus-key (see "keeping the keyboard" below); the panel's [data-announce]
 * line goes to the page's polite live region when it changes.
 *
 * A form with data-socket="speakers.give_floor" is sent through GoldLive.send with its fields typed
 * by data-kind (int, ints, bool, lines); without a connection it posts as usual.
 */
(function () {
  "use strict";
  var panels = Array.prototype.slice.call(document.querySelectorAll("[data-panel]"));
  var announcer = document.querySelector("[data-announcer]");
  var urgent = document.querySelector("[data-announcer-urgent]");

  function announceText(panel) {
    var line = panel.querySelector("[data-announce]");
    return line ? line.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function refresh(panel) {
    if (panel.loading) { panel.stale = true; return; }
    panel.loading = true;
    fetch(panel.getAttribute("data-panel-url"), {credentials: "same-origin", headers: {"Accept": "text/html"}})
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.text(); })
      .then(function (html) { replaceBody(panel, html); })
      .catch(function () { /* keep what is shown; the next event or a reload brings it up to date */ })
      .then(function () {
        panel.loading = false;
        if (panel.stale) { panel.stale = false; refresh(panel); }
      });
  }

  function replaceBody(panel, html) {
    var body = panel.querySelector("[data-panel-body]");
    var kept = keptFocus(panel);
    var before = announceText(panel);
    var hadFloor = !!body.querySelector("[data-floor-mine]");
    var parsed = new DOMParser().parseFromString(html, "text/html");
    body.replaceChildren.apply(body, Array.prototype.slice.call(parsed.body.childNodes));
    startTimers(body);
    placeFocus(panel, kept);
    var after = announceText(panel);
    var floor = body.querySelector("[data-floor-mine]");
    if (floor && !hadFloor) {
      // The person's turn: said at once (assertive), felt on a phone that can vibrate.
      if (urgent) urgent.textContent = after;
      floor.scrollIntoView({block: "center", behavior: "smooth"});
      if (navigator.vibrate) navigator.vibrate([300, 120, 300]);
    } else if (announcer && after && after !== before) announcer.textContent = after;
    panel.dispatchEvent(new CustomEvent("facilitation:refreshed", {bubbles: true}));
  }

  // --- keeping the keyboard where the person was -------------------------------------------------
  /* One mechanism for every live control (the panels here, the agenda's timer buttons in agenda.js):
   * a control that another replaces (a re-rendered panel, Pause turning into Resume, a poll that closes)
   * carries the same data-focus-key, or a tabindex="-1" stand-in showing the new state carries it; its
   * data-focus-then lists, in order, where the keyboard goes when no element has that key any more (the
   * next person's same button, say). When the person activates a keyed control inside a
   * [data-focus-scope], the scope remembers it; when the scope is re-rendered or the action acknowledged
   * and focus was lost (to <body>: a button disabled while sending, hidden or removed), focus goes to the
   * first shown, enabled element with the first of those keys that exists.
   *
   * Where the scope sits in [data-focus-settle] (the moderator console; the list of speakers on a
   * participant's page), a control the page moved focus to, or whose label changed under the focus,
   * ignores Enter and Space for SETTLE_MS (and a double click's or double tap's second click is always
   * ignored there): the press that follows at once was meant for the control that was there, so "Next
   * speaker: B" cannot end A's turn the moment it began, nor Resume undo a Pause, nor "Lower my hand"
   * undo "Ask to speak". Deliberate use a second later works; a held key (event.repeat) never activates
   * a keyed control. The control stays focusable and named as usual (no aria-disabled flicker); it only
   * looks dimmed. */
  var SETTLE_MS = 1000, KEEP_MS = 10000;

  function shown(el) { return !el.disabled && el.getClientRects().length > 0; }
  function label(el) { return el.textContent.replace(/\s+/g, " ").trim(); }

  function describe(control, own) {
    var keys = [control.getAttribute("data-focus-key")]
      .concat((control.getAttribute("data-focus-then") || "").split(/\s+/)).filter(Boolean);
    return {keys: keys, text: label(control), own: own, at: Date.now(), control: control};
  }

  function rememberFocus(control) {
    var scope = control && control.hasAttribute("data-focus-key") && control.closest("[data-focus-scope]");
    if (scope) scope.keptFocus = describe(control, true);
  }

  /* Where the keyboard should be in `scope`, read before it changes: the control the person pressed
     if focus was lost since, else the keyed control they are on. */
  function keptFocus(scope) {
    var active = document.activeElement;
    var inside = active && active !== document.body && scope.contains(active);
    var lost = !active || active === document.body || (inside && !shown(active));
    var pressed = scope.keptFocus;
    if (lost && pressed && Date.now() - pressed.at < KEEP_MS) return pressed;
    return inside && active.hasAttribute("data-focus-key") ? describe(active, false) : null;
  }

  function placeFocus(scope, kept) {
    if (!kept) return;
    var active = document.activeElement;
    if (active && active !== document.body && active !== kept.control && !(scope.contains(active) && !shown(active))) return;
    for (var i = 0; i < kept.keys.length; i++) {
      var found = Array.prototype.filter.call(scope.querySelectorAll('[data-focus-key="' + kept.keys[i] + '"]'), shown)[0];
      if (!found) continue;
      if (found !== active) found.focus();
      if (document.activeElement !== found) return;
      // Kept for KEEP_MS all the same: the acknowledgement and the new state arrive in either order.
      if ((kept.own && !kept.placed) || label(found) !== kept.text) settle(found);
      kept.placed = true;
      return;
    }
  }

  function settle(control) {
    if (!control.closest("[data-focus-settle]")) return;
    control.settleUntil = Date.now() + SETTLE_MS;
    control.classList.add("settling");
    window.setTimeout(function () { control.classList.remove("settling"); }, SETTLE_MS);
  }

  function settling(target) {
    var control = target && target.closest && target.closest("[data-focus-key]");
    return !!control && control.settleUntil > Date.now();
  }

  // Enter and Space make clicks with detail 0; a mouse's own second click of a double click has detail 2.
  // A deliberate mouse click on the control that just took focus is not held back.
  document.addEventListener("click", function (event) {
    var doubled = event.detail > 1 && event.target.closest && event.target.closest("[data-focus-settle] [data-focus-key]");
    if (doubled || (event.detail === 0 && settling(event.target))) {
      event.preventDefault(); event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.repeat && (event.key === "Enter" || event.key === " ") && event.target.closest &&
        event.target.closest("[data-focus-settle] [data-focus-key]")) event.preventDefault();
  }, true);
  document.addEventListener("submit", function (event) { rememberFocus(event.submitter); }, true);

  /* For agenda.js and any other live area: after it re-renders or hears back, put the keyboard back. */
  window.GoldFocus = {restore: function (scope) { placeFocus(scope, keptFocus(scope)); }};

  function wants(panel, type) {
    var prefixes = (panel.getAttribute("data-panel-events") || "").split(/\s+/).filter(Boolean);
    return !prefixes.length || prefixes.some(function (p) { return type.indexOf(p) === 0; });
  }

  // --- forms through the socket -----------------------------------------------------------------

  function payloadOf(form, submitter) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.disabled || el.type === "submit") return;
      var kind = el.getAttribute("data-kind");
      if (kind === "bool") { out[el.name] = el.checked; return; }
      if (kind === "ints" && !(el.name in out)) out[el.name] = [];
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      var value = el.value;
      if (kind === "lines") { out[el.name] = value.split(/\r?\n/).map(function (s) { return s.trim(); }).filter(Boolean); return; }
      if (kind === "int" || kind === "ints") {
        if (value === "") return;
        value = Number(value);
      }
      if (kind === "ints") out[el.name].push(value); else out[el.name] = value;
    });
    if (submitter && submitter.name) out[submitter.name] = submitter.value;
    return out;
  }

  function showError(form, message) {
    var panel = form.closest("[data-panel]");
    var box = panel && panel.querySelector("[data-panel-error]");
    if (!box) return;
    box.textContent = message || "";
    box.hidden = !message;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var name = form.getAttribute("data-socket");
    if (!name || !window.GoldLive) return;
    event.preventDefault();
    var buttons = form.querySelectorAll("button");
    var submitter = event.submitter;
    var panel = form.closest("[data-panel]");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    window.GoldLive.send(name, payloadOf(form, submitter)).then(function (ack) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      if (panel) window.GoldFocus.restore(panel);
      showError(form, ack && ack.ok ? "" : (ack && ack.message) || "Error");
      if (ack && ack.ok && form.getAttribute("data-socket") === "poll.create") form.reset();
    });
  });

  // --- timers -----------------------------------------------------------------------------------

  function clock(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    var mm = h ? String(m).padStart(2, "0") : String(m);
    return (h ? h + ":" : "") + mm + ":" + String(s).padStart(2, "0");
  }

  function startTimers(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll("[data-timer]"), function (el) { el.startedAt = Date.now(); });
  }

  function tick() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-timer][data-running="1"]'), function (el) {
      var elapsed = Number(el.getAttribute("data-elapsed")) + (Date.now() - (el.startedAt || Date.now())) / 1000;
      var limit = Number(el.getAttribute("data-limit"));
      var text = el.querySelector("[data-timer-text]");
      if (text) text.textContent = clock(elapsed);
      el.classList.toggle("over", limit > 0 && elapsed > limit);
    });
  }

  startTimers(document);
  window.setInterval(tick, 1000);

  document.addEventListener("goldlive:me", function () { panels.forEach(refresh); });
  // --- the console's keyboard shortcuts (listed on the page) ------------------------------------

  var SHORTCUTS = {
    s: '[data-focus-key="next"]',
    e: '[data-focus-key="end"]',
    p: 'form[data-agenda-send="agenda.pause"]:not([hidden]) button, form[data-agenda-send="agenda.resume"]:not([hidden]) button',
    "+": 'form[data-agenda-send="agenda.extend"]:not([hidden]) button',
    n: ".next-item button[type=submit]",
    q: "#question"
  };
  var lastShortcut = {key: "", at: 0};
  if (document.querySelector(".console")) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey || target.isContentEditable ||
          /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      var key = event.key.toLowerCase(), selector = SHORTCUTS[key];
      var control = selector && document.querySelector(selector);
      if (!control) return;
      event.preventDefault();
      // The same key again within SETTLE_MS (a double press, a held key) is one press: S S must not skip
      // a speaker. Another shortcut is deliberate, so S then E at once works.
      var again = event.repeat || (key === lastShortcut.key && Date.now() - lastShortcut.at < SETTLE_MS);
      if (!event.repeat) lastShortcut = {key: key, at: Date.now()};
      if (again) return;
      var details = control.closest("details");
      if (details) details.open = true;
      control.focus();
      control.settleUntil = 0;
      if (control.tagName === "BUTTON") control.click();
    });
  }

  // A confirmation after a round trip (a comment hidden with its reason) floats over the console and
  // fades (facilitation.css), so the columns never move; screen readers hear it once, then it goes.
  if (document.querySelector(".console")) {
    Array.prototype.forEach.call(document.querySelectorAll("main > .flash"), function (flash) {
      if (announcer) window.setTimeout(function () { announcer.textContent = label(flash); }, 300);
      flash.addEventListener("animationend", function () { flash.remove(); });
    });
  }

  if (window.GoldLive) {
    window.GoldLive.on("*", function (data, message) {
      panels.forEach(function (panel) { if (wants(panel, message.type)) refresh(panel); });
    });
  }
})();
