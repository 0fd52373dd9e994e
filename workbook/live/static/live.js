// Refresh the revealed ideas, the vote and the poll results every few seconds; text only,
// never HTML. When the session closes or the live room stops, say so and stop sending.
(function () {
  "use strict";
  var url = document.body.getAttribute("data-state");
  if (!url || !window.fetch) { return; }
  var failures = 0;
  var timer = null;
  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }
  function list(values) {
    var ol = document.createElement("ol");
    ol.replaceChildren.apply(ol, values.map(function (v) { return text("li", v); }));
    return ol;
  }
  function ended(message) {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
    var old = document.getElementById("live-ended");
    if (old) { return; }
    var note = text("p", message);
    note.id = "live-ended";
    note.className = "error";
    note.setAttribute("role", "alert");
    var main = document.querySelector("main");
    main.insertBefore(note, main.firstChild);
    Array.prototype.forEach.call(document.querySelectorAll("form button[type=submit]"),
      function (b) { b.disabled = true; });
  }
  function update(state) {
    var ideas = document.getElementById("ideas");
    var note = document.getElementById("ideas-note");
    if (ideas && state.reveal) {
      ideas.replaceChildren.apply(ideas, state.ideas.map(function (i) { return text("li", i); }));
      if (note) { note.textContent = ""; }
    }
    var status = document.getElementById("vote-status");
    var vote = state.vote;
    if (status && vote && vote.results && vote.status === "closed") {
      status.replaceChildren(text("p", "The vote is closed. Results:"),
        list(vote.results.map(function (r) { return r.name + ": " + r.dots + " dots"; })));
    }
    var section = document.getElementById("poll");
    var poll = state.poll;
    if (section && poll && poll.id !== section.getAttribute("data-poll") &&
        !document.getElementById("poll-new")) {
      var fresh = text("p", "A new poll is open: reload this page to answer it.");
      fresh.id = "poll-new";
      fresh.className = "ok";
      fresh.setAttribute("role", "status");
      section.insertBefore(fresh, section.children[1] || null);
    }
    var results = document.getElementById("poll-results");
    if (results && poll && poll.revealed && poll.results) {
      results.replaceChildren(text("p", "Results:"),
        list(poll.results.map(function (r) { return r.label + ": " + r.count; })));
    }
  }
  function poll() {
    fetch(url, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) {
        failures = 0;
        if (r.status === 404) {
          ended("This live session has closed: nothing more can be sent. Thank you.");
          return null;
        }
        return r.ok ? r.json() : null;
      })
      .then(function (s) { if (s) { update(s); } })
      .catch(function () {
        failures += 1;
        if (failures >= 2) {
          ended("The live room has stopped (or this phone lost the room's network): " +
                "nothing more can be sent. Thank you.");
        }
      });
  }
  timer = window.setInterval(poll, 3000);
}());
