/* Facilitation panels: live re-rendering, socket writes from ordinary forms, ticking timers.
 *
 * A panel ([data-panel]) is server-rendered HTML that works without JavaScript. When an event whose
 * type starts with one of its data-panel-events prefixes arrives (empty: any event), the panel is
 * re-fetched from data-panel-url and its body replaced: one rendering path (Jinja, autoescaped), and
 * a replayed event just re-reads the current state, so handling is idempotent. Focus stays on the
 * control with the same data-focus-key; the panel's [data-announce] line goes to the page's polite
 * live region when it changes.
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
    var active = document.activeElement;
    // The control the person was on, or the one they pressed (a button disabled while sending loses focus).
    var focusKey = (active && body.contains(active) ? active.getAttribute("data-focus-key") : null) ||
      (active === document.body || !active ? panel.focusKey : null);
    var before = announceText(panel);
    var hadFloor = !!body.querySelector("[data-floor-mine]");
    var parsed = new DOMParser().parseFromString(html, "text/html");
    body.replaceChildren.apply(body, Array.prototype.slice.call(parsed.body.childNodes));
    startTimers(body);
    if (focusKey) {
      var again = body.querySelector('[data-focus-key="' + focusKey + '"]');
      if (again) { again.focus(); panel.focusKey = null; }
    }
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
    if (panel && submitter) panel.focusKey = submitter.getAttribute("data-focus-key");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    window.GoldLive.send(name, payloadOf(form, submitter)).then(function (ack) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      if (submitter && submitter.isConnected && document.activeElement === document.body) submitter.focus();
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
  if (document.querySelector(".console")) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey || target.isContentEditable ||
          /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      var selector = SHORTCUTS[event.key.toLowerCase()];
      var control = selector && document.querySelector(selector);
      if (!control) return;
      event.preventDefault();
      var details = control.closest("details");
      if (details) details.open = true;
      control.focus();
      if (control.tagName === "BUTTON") control.click();
    });
  }

  if (window.GoldLive) {
    window.GoldLive.on("*", function (data, message) {
      panels.forEach(function (panel) { if (wants(panel, message.type)) refresh(panel); });
    });
  }
})();
