// Refresh the revealed ideas and the vote status every few seconds; text only, never HTML.
(function () {
  "use strict";
  var url = document.body.getAttribute("data-state");
  if (!url || !window.fetch) { return; }
  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }
  function update(state) {
    var list = document.getElementById("ideas");
    var note = document.getElementById("ideas-note");
    if (list && state.reveal) {
      list.replaceChildren.apply(list, state.ideas.map(function (i) { return text("li", i); }));
      if (note) { note.textContent = ""; }
    }
    var status = document.getElementById("vote-status");
    var vote = state.vote;
    if (status && vote && vote.results && vote.status === "closed") {
      // The words come from the page (the catalog of the phone's language), never from here.
      var body = document.body;
      var items = vote.results.map(function (r) {
        var form = body.getAttribute(r.dots === 1 ? "data-dots-one" : "data-dots-other") || "{name}: {count}";
        // {count} first, then the typed name (a function: "$&" in a name stays as typed).
        return text("li", form.replace("{count}", String(r.dots))
          .replace("{name}", function () { return r.name; }));
      });
      var ol = document.createElement("ol");
      ol.replaceChildren.apply(ol, items);
      status.replaceChildren(text("p", body.getAttribute("data-closed") || ""), ol);
    }
  }
  function poll() {
    fetch(url, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { update(s); } })
      .catch(function () {});
  }
  window.setInterval(poll, 5000);
}());
