/* Screening results: score bars, and decisions recorded through POST /api/decisions. */
(function () {
  "use strict";

  document.querySelectorAll(".bar .fill[data-width]").forEach(function (bar) {
    bar.style.width = Math.max(0, Math.min(100, Number(bar.getAttribute("data-width")) || 0)) + "%";
  });

  document.querySelectorAll(".decision").forEach(function (box) {
    var status = box.querySelector(".status");
    var note = box.querySelector(".note");
    box.querySelectorAll("button[data-decision]").forEach(function (button) {
      button.addEventListener("click", function () {
        var decision = button.getAttribute("data-decision");
        status.className = "status";
        status.textContent = "recording…";
        fetch("/api/decisions", {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", Accept: "application/json" },
          body: JSON.stringify({
            screening_id: Number(box.getAttribute("data-screening")),
            entity_id: box.getAttribute("data-entity"),
            decision: decision,
            note: note.value.trim() || null
          })
        }).then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            if (!r.ok) { throw new Error(body.error || (r.status + " " + r.statusText)); }
            return body;
          });
        }).then(function (d) {
          status.className = "status ok";
          status.textContent = "recorded: " + d.decision.replace("_", " ") + " (decision #" + d.id + ")";
          box.querySelectorAll("button[data-decision]").forEach(function (b) {
            b.classList.toggle("chosen", b === button);
          });
        }).catch(function (e) {
          status.className = "status err";
          status.textContent = "not recorded: " + e.message;
        });
      });
    });
  });
})();
