/* The live agenda: applies agenda.* events to the current-item panel and the list, ticks the
 * countdown locally, and sends the moderator's timer buttons over the socket.
 *
 * Every handler sets the item's whole state from the payload, so replayed events are harmless.
 * The countdown runs on the server's clock: offset = client clock − server time the page was rendered at.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-agenda]");
  if (!root || !window.GoldLive) return;

  var offset = Date.now() - Number(root.getAttribute("data-server-now"));
  var labels = JSON.parse(root.getAttribute("data-state-labels"));
  var panel = root.querySelector("[data-agenda-current]");
  var list = root.querySelector("[data-agenda-list]");
  var template = root.querySelector("template[data-agenda-row-template]");
  var announcer = root.querySelector("[data-agenda-announce]");
  var errorEl = root.querySelector("[data-agenda-error]");
  var items = {};
  var currentId = null;

  /* A text from the page, its %(…)s filled in; a count's forms come as JSON, worded for values.n. */
  function text(name, values) {
    var s = root.getAttribute("data-text-" + name) || "";
    if (s.charAt(0) === "{") s = GoldLive.plural(JSON.parse(s), values.n);
    Object.keys(values || {}).forEach(function (k) { s = s.split("%(" + k + ")s").join(String(values[k])); });
    return s;
  }

  function clock(seconds) {
    var sign = seconds < 0 ? "-" : "", s = Math.abs(seconds);
    var m = Math.floor(s / 60), r = s % 60;
    return sign + (m < 10 ? "0" : "") + m + ":" + (r < 10 ? "0" : "") + r;
  }

  function elapsed(item) {
    var t = item.timer, extra = 0;
    if (t.running) extra = Math.max(0, Math.floor((Date.now() - offset - t.server_time) / 1000));
    return t.elapsed + extra;
  }

  function setField(container, name, value) {
    container.querySelectorAll('[data-field="' + name + '"]').forEach(function (el) { el.textContent = value; });
  }

  function showWhen(container, state) {
    container.querySelectorAll("[data-when]").forEach(function (el) {
      el.hidden = el.getAttribute("data-when").split(" ").indexOf(state) < 0;
    });
  }

  /* --- the list --- */

  /* A URL made for item 0 (…/items/0/…, or ending in /items/0), for item `id`. */
  function forItem(url, id) { return url.replace(/\/items\/0(?=[\/?#]|$)/, "/items/" + id); }

  function rowOf(id) { return list.querySelector('[data-agenda-item="' + id + '"]'); }

  function newRow(id) {
    var row = template.content.firstElementChild.cloneNode(true);
    row.id = "item-" + id;
    row.setAttribute("data-agenda-item", String(id));
    row.querySelectorAll("form[action], a[href]").forEach(function (el) {
      var attr = el.tagName === "A" ? "href" : "action";
      el.setAttribute(attr, forItem(el.getAttribute(attr), id));
    });
    row.querySelectorAll("[data-item-id]").forEach(function (el) { el.setAttribute("data-item-id", String(id)); });
    list.appendChild(row);
    return row;
  }

  function renderRow(item) {
    var row = rowOf(item.id) || newRow(item.id);
    row.setAttribute("data-state", item.state);
    setField(row, "title", item.title);
    setField(row, "presenter", item.presenter);
    setField(row, "description", item.description);
    setField(row, "state", labels[item.state]);
    setField(row, "planned", text("planned", {n: item.planned_minutes}));
    setField(row, "actual", item.started_at === null ? "—" : clock(elapsed(item)));
    showWhen(row, item.state);
  }

  function toggleEmpty() {
    var empty = root.querySelector("[data-agenda-empty]");
    if (empty) empty.hidden = list.children.length > 0;
  }

  /* --- the current item --- */

  function renderPanel() {
    var item = currentId !== null ? items[currentId] : null;
    var state = item ? item.state : "none";
    panel.setAttribute("data-state", state);
    panel.setAttribute("data-item-id", item ? String(item.id) : "");
    panel.querySelector("[data-current-body]").hidden = !item;
    panel.querySelector("[data-current-empty]").hidden = !!item;
    panel.querySelectorAll("form[data-agenda-send]").forEach(function (form) {
      var id = item ? item.id : 0;
      form.setAttribute("data-item-id", String(id));
      if (form.hasAttribute("data-url")) form.setAttribute("action", forItem(form.getAttribute("data-url"), id));
      if (form.elements.item_id) form.elements.item_id.value = item ? String(item.id) : "";
    });
    showWhen(panel, state);
    if (!item) return;
    var threadLink = panel.querySelector("a[data-thread-link]");
    if (threadLink) threadLink.setAttribute("href", forItem(threadLink.getAttribute("data-url"), item.id));
    setField(panel, "title", item.title);
    setField(panel, "presenter", item.presenter);
    setField(panel, "state", labels[item.state]);
    setField(panel, "planned", text("planned", {n: item.planned_minutes}));
    tick();
  }

  function tick() {
    var item = currentId !== null ? items[currentId] : null;
    if (item) {
      var spent = elapsed(item), left = item.timer.allowed - spent;
      setField(panel, "remaining", clock(left));
      setField(panel, "actual", clock(spent));
      panel.querySelector(".agenda-clock").classList.toggle("overtime", left < 0);
      panel.querySelector("[data-overtime]").hidden = left >= 0;
      var row = rowOf(item.id);
      if (row) setField(row, "actual", clock(spent));
    }
  }

  function announce(message) { if (announcer) announcer.textContent = message; }

  /* --- events --- */

  function apply(item) {
    items[item.id] = item;
    renderRow(item);
    if (item.state === "running" || item.state === "paused") currentId = item.id;
    else if (currentId === item.id) currentId = null;
    renderPanel();
    toggleEmpty();
    keepFocus();
  }

  /* The keyboard stays on the control pressed, or the one that took its place (Pause → Resume): the
     shared data-focus-key mechanism of facilitation.js. */
  function keepFocus() { if (window.GoldFocus) window.GoldFocus.restore(panel); }

  GoldLive.on("agenda.item_added", function (d) { apply(d.item); });
  GoldLive.on("agenda.item_updated", function (d) { apply(d.item); });
  GoldLive.on("agenda.item_removed", function (d) {
    var row = rowOf(d.item_id);
    if (row) row.remove();
    delete items[d.item_id];
    toggleEmpty();
  });
  GoldLive.on("agenda.reordered", function (d) {
    d.order.forEach(function (id) { var row = rowOf(id); if (row) list.appendChild(row); });
  });
  [["item_started", "now"], ["item_paused", "paused"], ["item_resumed", "resumed"], ["item_ended", "ended"],
   ["item_extended", "extended"]].forEach(function (pair) {
    GoldLive.on("agenda." + pair[0], function (d) {
      apply(d.item);
      announce(text(pair[1], {title: d.item.title, n: d.minutes}));
    });
  });

  /* --- moderator buttons: over the socket when it is there, plain POST otherwise --- */

  root.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-agenda-send]");
    if (!form) return;
    event.preventDefault();
    var payload = {}, id = Number(form.getAttribute("data-item-id"));
    if (form.getAttribute("data-agenda-send") === "agenda.next") payload.item_id = currentId;
    else payload.item_id = id;
    if (form.elements.minutes) payload.minutes = Number(form.elements.minutes.value);
    var choice = form.querySelector("[data-waiting-choice]"), picked = form.querySelector("input[name=waiting]:checked");
    if (picked) payload.waiting = picked.value;
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    errorEl.textContent = "";
    GoldLive.send(form.getAttribute("data-agenda-send"), payload).then(function (ack) {
      button.disabled = false;
      if (!ack.ok) errorEl.textContent = ack.message;
      if (choice) {
        // People are waiting: ask (carry over or clear) and keep the keyboard on the question.
        choice.hidden = ack.ok || ack.error !== "invalid_input";
        if (!choice.hidden) choice.querySelector("input").focus();
        else if (picked) picked.checked = false;
      }
      keepFocus();
    });
  });
  Array.prototype.forEach.call(root.querySelectorAll("[data-waiting-choice]"), function (el) { el.hidden = true; });

  list.querySelectorAll("[data-agenda-item]").forEach(function (row) {
    var item = JSON.parse(row.getAttribute("data-item"));
    items[item.id] = item;
    if (item.state === "running" || item.state === "paused") currentId = item.id;
  });
  setInterval(tick, 1000);
})();
