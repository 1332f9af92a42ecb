// Lucent console: the only script, served from /static (the CSP allows no inline script).
// Elements opt in with data-* attributes; values from the server are set with textContent only.
(function () {
  "use strict";

  function csrfToken() {
    var m = document.querySelector('meta[name="csrf"]');
    return m ? m.getAttribute("content") : "";
  }

  // <div data-poll="/api/..."> : polls a JSON progress document until it is finished.
  function poll(el) {
    var url = el.getAttribute("data-poll");
    if (!url || url.charAt(0) !== "/" || url.charAt(1) === "/") return; // same origin only
    var timer = null;
    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (doc) {
          render(el, doc);
          if (doc.finished) {
            clearInterval(timer);
            if (doc.next && doc.next.charAt(0) === "/" && doc.next.charAt(1) !== "/") {
              var link = el.querySelector("[data-next]");
              if (link) { link.setAttribute("href", doc.next); link.hidden = false; }
            }
          }
        })
        .catch(function (e) { var s = el.querySelector("[data-status]"); if (s) s.textContent = "connection lost: " + e.message; });
    }
    timer = setInterval(tick, 700);
    tick();
  }

  function setBar(bar, fraction, state) {
    var inner = bar.querySelector("span");
    if (inner) inner.style.width = Math.max(0, Math.min(100, fraction * 100)).toFixed(1) + "%";
    bar.classList.toggle("done", state === "done");
    bar.classList.toggle("failed", state === "failed" || state === "cancelled" || state === "error");
  }

  function render(el, doc) {
    var status = el.querySelector("[data-status]");
    if (status) {
      status.textContent = doc.message || doc.state || "";
      status.classList.toggle("failed", doc.state === "failed" || doc.state === "cancelled");
      status.classList.toggle("done", doc.state === "done");
    }
    var overall = el.querySelector("[data-bar]");
    if (overall) setBar(overall, doc.fraction || 0, doc.state);
    var rows = el.querySelector("[data-rows]");
    if (rows && Array.isArray(doc.parts)) {
      while (rows.firstChild) rows.removeChild(rows.firstChild);
      doc.parts.forEach(function (p) {
        var tr = document.createElement("tr");
        var name = document.createElement("td"); name.textContent = p.name; tr.appendChild(name);
        var barCell = document.createElement("td");
        var bar = document.createElement("div"); bar.className = "progress"; bar.appendChild(document.createElement("span"));
        barCell.appendChild(bar); tr.appendChild(barCell); setBar(bar, p.fraction || 0, p.state);
        var state = document.createElement("td"); state.textContent = p.state + (p.message && p.message !== p.state ? ": " + p.message : ""); tr.appendChild(state);
        rows.appendChild(tr);
      });
    }
    var chart = el.querySelector("svg[data-curve]");
    if (chart && Array.isArray(doc.curve)) drawCurve(chart, doc.curve);
    var cancel = el.querySelector("[data-cancel]");
    if (cancel) cancel.disabled = !!doc.finished;
  }

  // Learning curve: points {epoch, train, validation}; drawn with SVG elements, no innerHTML.
  function drawCurve(svg, pts) {
    var NS = "http://www.w3.org/2000/svg", W = 480, H = 220, L = 44, R = 12, T = 12, B = 28;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    if (pts.length === 0) return;
    var maxE = Math.max(1, pts[pts.length - 1].epoch), maxY = 0;
    pts.forEach(function (p) { maxY = Math.max(maxY, p.train || 0, p.validation || 0); });
    if (!(maxY > 0)) maxY = 1;
    function x(e) { return L + (W - L - R) * e / maxE; }
    function y(v) { return T + (H - T - B) * (1 - v / maxY); }
    function el(name, attrs, text) {
      var e = document.createElementNS(NS, name);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = text;
      svg.appendChild(e); return e;
    }
    for (var i = 0; i <= 4; i++) {
      var v = maxY * i / 4;
      el("line", { "class": "grid", x1: L, x2: W - R, y1: y(v), y2: y(v) });
      el("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, v.toPrecision(2));
    }
    el("line", { "class": "axis", x1: L, x2: W - R, y1: H - B, y2: H - B });
    [0, Math.round(maxE / 2), maxE].forEach(function (e) { el("text", { x: x(e), y: H - B + 12, "text-anchor": "middle" }, String(e)); });
    el("text", { x: (L + W - R) / 2, y: H - 2, "text-anchor": "middle" }, "epoch (loss: solid train, dashed validation)");
    function path(key) {
      var d = "";
      pts.forEach(function (p, j) { if (typeof p[key] === "number") d += (d ? " L" : "M") + x(p.epoch).toFixed(1) + " " + y(p[key]).toFixed(1); });
      return d;
    }
    var t = path("train"); if (t) el("path", { "class": "train", d: t });
    var vv = path("validation"); if (vv) el("path", { "class": "val", d: vv });
  }

  // <button data-cancel="/api/.../cancel"> : POSTs with the CSRF token in a header.
  function cancelButton(btn) {
    btn.addEventListener("click", function () {
      var url = btn.getAttribute("data-cancel");
      if (!url || url.charAt(0) !== "/" || url.charAt(1) === "/") return;
      btn.disabled = true;
      fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrfToken() } });
    });
  }

  // <form data-confirm="text"> : asks before submitting.
  function confirmForm(f) {
    f.addEventListener("submit", function (e) { if (!window.confirm(f.getAttribute("data-confirm"))) e.preventDefault(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll]").forEach(poll);
    document.querySelectorAll("button[data-cancel]").forEach(cancelButton);
    document.querySelectorAll("form[data-confirm]").forEach(confirmForm);
  });
})();
