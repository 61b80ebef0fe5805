/* Live comment thread: applies comment.* events to the page and sends the page's forms over GoldLive.
 *
 * Markup comes from the server: a new comment is a clone of <template data-comment-template>
 * (the same Jinja macro as the rendered thread) filled with textContent only. Every handler is
 * idempotent (replays may repeat events). The comment being typed survives reconnects: it stays in
 * the form, and in localStorage per item, until the server acknowledges it.
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-dialogue][data-item]");
  if (!root || !window.GoldLive) return;

  var live = window.GoldLive;
  var itemId = Number(root.getAttribute("data-item"));
  var list = root.querySelector("[data-comments]");
  var template = root.querySelector("[data-comment-template]");
  var form = root.querySelector("[data-comment-form]");
  var notice = root.querySelector("[data-comments-notice]");
  var groups = JSON.parse(root.getAttribute("data-groups") || "{}");
  var draftKey = "gold-comment-draft:" + live.dialogueId + ":" + itemId;
  var mine = {};

  function text(name) { return root.getAttribute("data-text-" + name) || ""; }
  function byId(id) { return document.getElementById("c-" + id); }
  function field(li, name) { return li.querySelector("[data-field='" + name + "']"); }
  function own(li, selector) {  // elements of this comment, not of its replies
    return Array.prototype.filter.call(li.querySelectorAll(selector), function (el) {
      return el.closest("[data-comment]") === li;
    });
  }
  function show(el, visible) { if (el) el.hidden = !visible; }
  function commentId(el) { var li = el.closest("[data-comment]"); return li ? Number(li.getAttribute("data-comment")) : 0; }
  function depth(li) { return Number(li.getAttribute("data-depth")); }
  function say(message) { if (notice) notice.textContent = message; }

  function formatTime(iso) {
    try {
      return new Date(iso).toLocaleString(root.getAttribute("data-locale") || undefined,
        {timeZone: root.getAttribute("data-timezone") || undefined, year: "numeric", month: "numeric",
         day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23"});  // as templating.local_datetime
    } catch (e) { return iso; }
  }

  // --- state of one comment element ---------------------------------------------------------

  function refreshControls(li) {
    var hidden = li.hasAttribute("data-hidden"), isMine = li.hasAttribute("data-mine");
    var pinned = li.classList.contains("is-pinned"), top = depth(li) === 1;
    own(li, "[data-edit]").forEach(function (el) { show(el, isMine && !hidden); });
    own(li, "[data-ask='comment.flag']").forEach(function (el) { show(el, !isMine && !hidden); });
    own(li, "[data-ask='comment.hide']").forEach(function (el) { show(el, !hidden); });
    own(li, "[data-propose]").forEach(function (el) { show(el, !hidden); });
    own(li, "[data-send='comment.pin']").forEach(function (el) { show(el, top && !pinned && !hidden); });
    own(li, "[data-send='comment.unpin']").forEach(function (el) { show(el, top && pinned); });
    own(li, "[data-send='comment.unhide']").forEach(function (el) { show(el, hidden); });
    show(field(li, "pinned"), pinned);
  }

  function setCounts(li, counts) {
    Object.keys(counts || {}).forEach(function (kind) {
      own(li, "[data-count='" + kind + "']").forEach(function (el) { el.textContent = String(counts[kind]); });
    });
  }

  function setFlags(li, n) {
    own(li, "[data-count='flags']").forEach(function (el) { el.textContent = String(n); });
    show(field(li, "flags"), n > 0);
  }

  function setBody(li, body, editedAt) {
    field(li, "body").textContent = body;
    show(field(li, "edited"), !!editedAt);
  }

  function fill(li, c) {
    var redacted = c.hidden && !("body" in c);
    li.toggleAttribute("data-hidden", !!c.hidden);
    if ("anonymous" in c) li.toggleAttribute("data-anonymous", !!c.anonymous);
    if (c.mine || mine[c.id]) li.setAttribute("data-mine", "");
    show(field(li, "redacted"), redacted);
    show(field(li, "main"), !redacted);
    if (!redacted) {
      var author = c.author || {};
      field(li, "author").textContent = author.name || text(c.anonymous ? "anonymous" : "former");
      field(li, "group").textContent = groups[author.group_id] || "";
      var time = field(li, "created");
      time.setAttribute("datetime", c.created_at || "");
      time.textContent = c.created_at ? formatTime(c.created_at) : "";
      setBody(li, c.body, c.edited_at);
      li.classList.toggle("is-pinned", !!c.pinned);
      field(li, "hidden-reason").textContent = c.hidden_reason || "";
      show(field(li, "hidden-note"), !!c.hidden);
      setCounts(li, c.reactions);
      if ("flags" in c) setFlags(li, c.flags);
      (c.my_reactions || []).forEach(function (kind) {
        own(li, "[data-react='" + kind + "']").forEach(function (b) { b.setAttribute("aria-pressed", "true"); });
      });
    }
    refreshControls(li);
  }

  function build(c, level) {
    var li = template.content.firstElementChild.cloneNode(true);
    li.id = "c-" + c.id;
    li.setAttribute("data-comment", String(c.id));
    li.setAttribute("data-depth", String(level));
    li.querySelectorAll("form[action], a[href]").forEach(function (el) {
      var attr = el.tagName === "FORM" ? "action" : "href";
      el.setAttribute(attr, el.getAttribute(attr).replace("/comments/0/", "/comments/" + c.id + "/")
        .replace("reply_to=0", "reply_to=" + c.id).replace("comment=0", "comment=" + c.id));
    });
    fill(li, c);
    (c.replies || []).forEach(function (reply) { li.querySelector("[data-replies]").appendChild(build(reply, level + 1)); });
    return li;
  }

  // --- placing comments ----------------------------------------------------------------------

  function placeTop(li) {
    /* Pinned first, then newest first; a comment older than the page's oldest belongs to "older". */
    var id = Number(li.getAttribute("data-comment")), pinned = li.classList.contains("is-pinned");
    var tops = Array.prototype.filter.call(list.children, function (el) { return el !== li; });
    var before = tops.find(function (el) {
      if (pinned) return true;
      return !el.classList.contains("is-pinned") && Number(el.getAttribute("data-comment")) < id;
    });
    if (before) list.insertBefore(li, before);
    else if (!root.querySelector("[data-older]") || pinned) list.appendChild(li);
    else if (li.parentNode) li.remove();
  }

  function insert(c) {
    if (c.item_id !== itemId || byId(c.id)) return;
    if (c.parent_id) {
      var parent = byId(c.parent_id);
      if (parent) parent.querySelector("[data-replies]").appendChild(build(c, Math.min(depth(parent) + 1, 3)));
      return;
    }
    if (root.hasAttribute("data-paged")) return;  // an "older comments" page: new comments are not on it
    placeTop(build(c, 1));
    show(root.querySelector("[data-empty]"), false);
  }

  function refetch(li) {
    var url = root.getAttribute("data-comment-url").replace("/0.json", "/" + li.getAttribute("data-comment") + ".json");
    fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data && data.ok) fill(li, data.comment); });
  }

  // --- events --------------------------------------------------------------------------------

  live.on("comment.posted", insert);
  live.on("comment.edited", function (d) { var li = byId(d.id); if (li) setBody(li, d.body, d.edited_at); });
  live.on("comment.reacted", function (d) { var li = byId(d.id); if (li) setCounts(li, d.reactions); });
  function flagsChanged(d) { var li = byId(d.id); if (li) setFlags(li, d.flags); }
  live.on("comment.flagged", flagsChanged);
  live.on("comment.flags_dismissed", flagsChanged);
  live.on("comment.hidden", function (d) {
    var li = byId(d.id);
    if (!li) return;
    if (li.hasAttribute("data-mine") || live.me().can_moderate) { refetch(li); return; }  // they may read why
    if (li.querySelector("[data-replies] > [data-comment]")) fill(li, {id: d.id, hidden: true});
    else li.remove();
  });
  live.on("comment.unhidden", function (d) {
    var li = byId(d.id);
    if (!li) { insert(d); return; }
    if (li.hasAttribute("data-mine") || live.me().can_moderate) refetch(li);
    else fill(li, d);
  });
  function pinned(on) {
    return function (d) {
      var li = byId(d.id);
      if (!li || li.classList.contains("is-pinned") === on) return;
      li.classList.toggle("is-pinned", on);
      refreshControls(li);
      if (li.parentNode === list) placeTop(li);
    };
  }
  live.on("comment.pinned", pinned(true));
  live.on("comment.unpinned", pinned(false));

  // --- the room moves on: this page stays on its item and says where the room is -----------------

  var moved = root.querySelector("[data-room-moved]");
  var movedTo = moved && Number(moved.getAttribute("data-room-item")) || null;  // the other item the room is on

  function roomOn(item) {
    var body = moved.querySelector("[data-room-moved-body]"), line = moved.querySelector("[data-room-moved-text]");
    movedTo = item && item.id !== itemId ? item.id : null;
    if (movedTo === null) { body.hidden = true; line.textContent = ""; return; }
    var parts = moved.getAttribute("data-text").split("%(title)s");
    var link = document.createElement("a");
    link.href = moved.getAttribute("data-url").replace(/\/items\/0(?=[\/?#]|$)/, "/items/" + item.id);
    link.textContent = item.title;
    line.textContent = "";
    line.appendChild(document.createTextNode(parts[0]));
    line.appendChild(link);
    line.appendChild(document.createTextNode(parts.slice(1).join("%(title)s")));
    body.hidden = false;
  }

  function agendaChanged(d) {
    var item = d.item;
    if (!moved || !item) return;
    if (item.state === "running" || item.state === "paused") roomOn(item);  // the room's current item
    else if (item.id === movedTo) roomOn(null);                            // it ended: the room is on none
  }
  ["item_started", "item_paused", "item_resumed", "item_extended", "item_ended", "item_updated"].forEach(function (type) {
    live.on("agenda." + type, agendaChanged);
  });

  // --- writes from the page --------------------------------------------------------------------

  function send(event, payload) {
    return live.send(event, payload).then(function (ack) {
      if (!ack.ok) say(ack.message);
      return ack;
    });
  }

  root.addEventListener("submit", function (e) {
    var target = e.target, name = target.getAttribute("data-send");
    if (!name) return;
    e.preventDefault();
    var payload = {comment_id: commentId(target)};
    if (name === "comment.react") {
      var button = e.submitter;
      if (!button || !button.value) return;
      payload.kind = button.value;
      send(name, payload).then(function (ack) {
        if (ack.ok) button.setAttribute("aria-pressed", button.getAttribute("aria-pressed") === "true" ? "false" : "true");
      });
      return;
    }
    send(name, payload);
  });

  root.addEventListener("click", function (e) {
    var link = e.target.closest("[data-ask], [data-reply], [data-cancel-reply], [data-older]");
    if (!link) return;
    if (link.hasAttribute("data-reply") || link.hasAttribute("data-cancel-reply")) {
      if (!form) return;
      e.preventDefault();
      replyTo(link.hasAttribute("data-reply") ? commentId(link) : 0);
    } else if (link.hasAttribute("data-older")) {
      e.preventDefault();
      older(link);
    } else {
      e.preventDefault();
      var reason = window.prompt(link.getAttribute("data-question"), "");
      if (reason === null || (link.hasAttribute("data-required") && !reason.trim())) return;
      send(link.getAttribute("data-ask"), {comment_id: commentId(link), reason: reason}).then(function (ack) {
        if (ack.ok && link.getAttribute("data-ask") === "comment.flag") say(text("flagged"));
      });
    }
  });

  function older(link) {
    var url = root.getAttribute("data-older-url") + "?before=" + encodeURIComponent(link.getAttribute("data-before"));
    fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (page) {
        if (!page || !page.ok) return;
        page.comments.forEach(function (c) { if (!byId(c.id)) list.appendChild(build(c, 1)); });
        if (page.has_older) link.setAttribute("data-before", String(page.older_than));
        else link.parentNode.remove();
      });
  }

  // --- the comment form: reply target, draft kept until acknowledged ----------------------------

  if (!form) return;
  var body = form.querySelector("textarea[name=body]");
  var parentInput = form.querySelector("input[name=parent_id]");
  var submit = form.querySelector("button[type=submit]");
  var error = form.querySelector("[data-form-error]");

  var replying = form.querySelector("[data-replying]");
  var defaults = JSON.parse(form.getAttribute("data-defaults") || "{}");

  function replyTo(id, quiet) {
    parentInput.value = id ? String(id) : "";
    show(replying, !!id);
    if (id) replying.querySelector("[data-replying-text]").textContent = replyingText(byId(id));
    if (!quiet) body.focus();
  }

  function replyingText(li) {
    /* Whom she answers, as the comment's heading shows it: an anonymous comment's author never. */
    var attr = function (name) { return replying.getAttribute("data-text-" + name) || ""; };
    if (!li || li.hasAttribute("data-hidden") || !field(li, "main") || field(li, "main").hidden) return attr("unknown");
    if (li.hasAttribute("data-anonymous")) return attr("anonymous");
    return attr("named").split("%(name)s").join(field(li, "author").textContent);
  }

  function chooseAgain() {
    /* Anonymity and the group are chosen for each comment: back to the form's defaults after one is sent. */
    Object.keys(defaults).forEach(function (name) {
      var box = form.querySelector("input[type=checkbox][name=" + name + "]");
      if (box) box.checked = !!defaults[name];
    });
  }

  function saveDraft() {
    try {
      if (body.value) localStorage.setItem(draftKey, JSON.stringify({body: body.value, parent_id: parentInput.value}));
      else localStorage.removeItem(draftKey);
    } catch (e) { /* private mode: the form still keeps the text */ }
  }

  try {
    var draft = JSON.parse(localStorage.getItem(draftKey) || "null");
    if (draft && !body.value) { body.value = draft.body; replyTo(Number(draft.parent_id) || 0, true); }
  } catch (e) { /* ignore a malformed draft */ }
  body.addEventListener("input", saveDraft);

  // The line beside the button says what became of the comment being sent: kept on the phone until
  // the connection is back, slow (no acknowledgement after a second), then sent.
  var status = form.querySelector("[data-send-status]");
  var slow = 0;

  function sendStatus(name) {
    status.setAttribute("data-state", name);
    status.textContent = name ? status.getAttribute("data-text-" + name) : "";
  }

  function waiting(slowNow) {
    if (!form.hasAttribute("aria-busy")) return;
    if (live.state() !== "live") sendStatus("offline");
    else if (slowNow || status.textContent) sendStatus("sending");
  }
  document.addEventListener("goldlive:state", function () { waiting(false); });
  body.addEventListener("input", function () { if (!form.hasAttribute("aria-busy")) sendStatus(""); });

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (submit.disabled) return;
    var anonymous = form.querySelector("input[name=anonymous]");
    var showGroup = form.querySelector("input[name=show_group]");
    var payload = {item_id: itemId, body: body.value, parent_id: Number(parentInput.value) || null,
                   anonymous: !!(anonymous && anonymous.checked), show_group: !showGroup || showGroup.checked};
    saveDraft();
    submit.disabled = true;
    form.setAttribute("aria-busy", "true");
    show(error, false);
    sendStatus("");
    waiting(false);
    slow = window.setTimeout(function () { waiting(true); }, 1000);
    live.send("comment.post", payload).then(function (ack) {
      window.clearTimeout(slow);
      submit.disabled = false;
      form.removeAttribute("aria-busy");
      sendStatus(ack.ok && status.textContent ? "sent" : "");  // a wait she was told of ends in "sent"
      if (!ack.ok) { error.textContent = ack.message; show(error, true); return; }
      mine[ack.id] = true;
      var li = byId(ack.id);
      if (li) { li.setAttribute("data-mine", ""); refreshControls(li); }
      if (body.value === payload.body) { body.value = ""; replyTo(0, true); chooseAgain(); }
      saveDraft();
      body.focus();  // ready for the next comment (the disabled button lost the focus)
    });
  });
})();
