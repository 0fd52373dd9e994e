// The time box countdown. It ticks in the browser, so a busy kernel never freezes it.
// Python drives it through synced traits: `running`, `started` (bumped at every start),
// `elapsed_ms` (time counted before this run), `minutes`, `title`, and the thresholds.
// The level rule mirrors workbook/model/timebox.py `time_left`: amber at 20 % left,
// red at 5 %, and the same said in words, never by colour alone.

function clock(seconds) {
  seconds = Math.abs(Math.trunc(seconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  const two = (n) => String(n).padStart(2, "0");
  return hours ? `${hours}:${two(minutes)}:${two(secs)}` : `${minutes}:${two(secs)}`;
}

export function timeLeft(minutes, elapsedSeconds, amber, red) {
  const total = minutes * 60;
  const remaining = total - Math.trunc(elapsedSeconds);
  if (remaining < 0) {
    return { level: "over", remaining, words: `Over time by ${clock(-remaining)}` };
  }
  const share = total ? remaining / total : 0;
  if (share <= red) {
    return { level: "red", remaining, words: `${clock(remaining)} left: nearly out of time` };
  }
  if (share <= amber) {
    return { level: "amber", remaining,
             words: `${clock(remaining)} left: under a fifth of the time` };
  }
  return { level: "plenty", remaining, words: `${clock(remaining)} left` };
}

function render({ model, el }) {
  const box = document.createElement("div");
  box.className = "pwb-countdown";
  box.setAttribute("role", "timer");
  const title = document.createElement("div");
  title.className = "pwb-countdown-title";
  const digits = document.createElement("div");
  digits.className = "pwb-countdown-clock";
  const words = document.createElement("div");
  words.className = "pwb-countdown-words";
  // Screen readers hear the level when it changes, not every second.
  const said = document.createElement("div");
  said.className = "pwb-countdown-said";
  said.setAttribute("aria-live", "polite");
  box.append(title, digits, words, said);
  el.append(box);

  let localStart = null;
  let lastStarted = model.get("started");
  let lastLevel = null;

  function elapsedMs() {
    const running = model.get("running") && localStart !== null;
    return model.get("elapsed_ms") + (running ? performance.now() - localStart : 0);
  }

  function draw() {
    const state = timeLeft(model.get("minutes"), elapsedMs() / 1000,
                           model.get("amber_share"), model.get("red_share"));
    const status = model.get("running") ? "" : " (paused)";
    title.textContent = model.get("title");
    digits.textContent = state.remaining < 0 ? `+${clock(-state.remaining)}`
                                             : clock(state.remaining);
    words.textContent = state.words + status;
    box.dataset.level = state.level;
    box.dataset.running = model.get("running") ? "yes" : "no";
    if (state.level !== lastLevel) {
      lastLevel = state.level;
      said.textContent = state.level === "plenty" ? "" : state.words;
      model.set("shown_level", state.level);
      model.save_changes();
    }
  }

  function sync() {
    const started = model.get("started");
    if (model.get("running")) {
      if (started !== lastStarted || localStart === null) {
        localStart = performance.now();
        lastStarted = started;
      }
    } else {
      localStart = null;
      lastStarted = started;
    }
    draw();
  }

  model.on("change", sync);
  sync();
  const timer = setInterval(draw, 200);
  return () => {
    clearInterval(timer);
    model.off("change", sync);
  };
}

export default { render };
