/* Recommendations, live: matrix cells and verdicts follow recommendation.stance_changed; the stance
 * form goes over the socket when it can (the plain POST form works without JavaScript).
 * Every handler sets absolute values from the event, so a replayed event changes nothing. */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-dialogue]");
  if (!root || !window.GoldLive) return;
  var notice = document.querySelector("[data-live-notice]");
  var KINDS = ["support", "reservations", "oppose", "abstain"];

  function text(el, value) { if (el) el.textContent = value; }

  // A group with nobody registered when the page was made has no cell (it is named in the note under
  // the matrix). If such a group now has a stance, its column is missing: ask for a reload.
  function updateCell(recommendationId, groupId, c) {
    var cell = document.querySelector('[data-cell="' + recommendationId + "-" + groupId + '"]');
    if (!cell) {
      var shownHere = document.querySelector('[data-verdict="' + recommendationId + '"]');
      if (shownHere && c && (c.stances || c.abstain)) text(notice, root.getAttribute("data-text-changed"));
      return;
    }
    KINDS.forEach(function (k) { text(cell.querySelector('[data-k="' + k + '"]'), String(c[k])); });
    text(cell.querySelector('[data-k="share"]'), (c.support + c.reservations) + "/" + c.stances);
    cell.className = cell.className.replace(/\blevel-\d\b/, "level-" + c.level);
  }

  GoldLive.on("recommendation.stance_changed", function (data) {
    var id = data.recommendation_id;
    Object.keys(data.cells || {}).forEach(function (groupId) { updateCell(id, groupId, data.cells[groupId]); });
    var verdict = document.querySelector('[data-verdict="' + id + '"]');
    if (verdict) {
      verdict.className = verdict.className.replace(/\bverdict-\w+\b/, "verdict-" + data.verdict);
      text(verdict, root.getAttribute("data-text-" + data.verdict) || data.verdict);
    }
    text(document.querySelector('[data-score="' + id + '"]'), data.score === null ? "—" :
      data.score.toLocaleString(document.documentElement.lang, {minimumFractionDigits: 2, maximumFractionDigits: 2}));
    text(document.querySelector('[data-weakest="' + id + '"]'),
         data.weakest_group_id ? root.getAttribute("data-group-" + data.weakest_group_id) : "—");
  });

  // Anything else that changes a recommendation: say so, the reader reloads when ready.
  var shown = Number(root.getAttribute("data-recommendation") || 0);
  ["recommendation.proposed", "recommendation.revised", "recommendation.status_changed",
   "recommendation.amendment_proposed", "recommendation.amendment_decided", "recommendation.endorsed",
   "recommendation.followed_up"].forEach(function (type) {
    GoldLive.on(type, function (data) {
      if (shown && data.recommendation_id !== shown) return;
      text(notice, root.getAttribute("data-text-changed"));
    });
  });

  var form = document.querySelector("[data-stance-form]");
  if (!form) return;
  var status = form.querySelector("[data-stance-status]");
  form.addEventListener("submit", function (e) {
    var kind = form.querySelector('input[name="kind"]:checked');
    if (!kind) return;                      // let the server explain what is missing
    e.preventDefault();
    text(status, "…");
    GoldLive.send("recommendation.stance", {
      recommendation_id: Number(form.getAttribute("data-recommendation-id")),
      kind: kind.value,
      note: form.querySelector('[name="note"]').value
    }).then(function (ack) {
      text(status, ack.ok ? root.getAttribute("data-text-saved") : ack.message);
    });
  });
})();
