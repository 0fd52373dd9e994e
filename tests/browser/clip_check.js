(root) => {
  // Boxes under `root` whose content runs past their edges (cut, or scrolled by a few
  // pixels, which shows as a cut border on the projector), other than fields and the
  // lists that scroll on purpose (.pwb-scroll-box).
  const out = [];
  for (const el of [root, ...root.querySelectorAll('*')]) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
    if (['SELECT', 'TEXTAREA', 'INPUT'].includes(el.tagName)) continue;
    if (el.closest('.pwb-scroll-box')) continue;
    const wide = el.scrollWidth > el.clientWidth + 1, tall = el.scrollHeight > el.clientHeight + 1;
    if (wide || tall)
      out.push([el.tagName, el.className.toString().slice(0, 60), wide ? 'wide' : 'tall',
                el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight,
                (el.innerText || '').slice(0, 40)]);
  }
  return out;
}
