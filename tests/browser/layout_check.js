(root) => {
  const out = {overflow: [], small: [], cut: []};
  const host = root.closest('.jp-OutputArea-output') || root.parentElement || root;
  const area = host.getBoundingClientRect();
  const right = Math.min(area.right, document.documentElement.clientWidth);
  for (const el of root.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
      const ps = getComputedStyle(p);
      if (ps.overflowX === 'auto' || ps.overflowX === 'scroll') { clipped = true; break; }
    }
    if (!clipped && r.right > right + 1)
      out.overflow.push([el.tagName, el.className.toString().slice(0,50), Math.round(r.right), Math.round(right), (el.innerText||el.value||'').slice(0,30)]);
    const text = (el.innerText||el.value||'').trim();
    if (['INPUT','SELECT','TEXTAREA','BUTTON','LABEL','TD','TH','P','LI'].includes(el.tagName) && text && parseFloat(cs.fontSize) < 16)
      out.small.push([el.tagName, el.className.toString().slice(0,40), cs.fontSize, text.slice(0,30)]);
    if (['LABEL','BUTTON','P','TD','TH','SPAN','DIV'].includes(el.tagName) && el.children.length === 0 && el.scrollWidth > el.clientWidth + 1 && cs.overflowX !== 'visible')
      out.cut.push([el.tagName, el.className.toString().slice(0,40), text.slice(0,40)]);
  }
  return out;
}
