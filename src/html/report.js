// wirebench report: sortable tables and the document viewer. Text enters the
// page through textContent only, never as markup.
(function () {
  'use strict';
  const data = JSON.parse(document.getElementById('wb-data').textContent);
  const LETTER = { entities: 'E', quotes: 'Q', numbers: 'N' };
  const WRONG = { 'wrong-type': 'type', 'wrong-kind': 'kind', 'wrong-speaker': 'speaker', 'wrong-value': 'value', 'wrong-unit': 'unit' };
  const DEPTH = { quotes: 0, entities: 1, numbers: 2 };

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) node.setAttribute(k, v);
    }
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Sortable tables: a click (or Enter) on a header sorts by that column.
  function sortBy(th) {
    const table = th.closest('table');
    const col = Array.prototype.indexOf.call(th.parentNode.children, th);
    const body = table.tBodies[0];
    const up = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('thead th').forEach(h => h.removeAttribute('aria-sort'));
    th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
    const key = row => {
      const c = row.cells[col];
      if (c.dataset.v === undefined) return c.textContent;
      return c.dataset.v === '' ? -Infinity : parseFloat(c.dataset.v);
    };
    const rows = Array.from(body.rows);
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      const o = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return up ? o : -o;
    });
    rows.forEach(r => body.appendChild(r));
  }
  document.querySelectorAll('table.sortable thead th').forEach(th => {
    th.addEventListener('click', () => sortBy(th));
    th.addEventListener('keydown', e => { if (e.key === 'Enter') sortBy(th); });
  });

  // Gold spans of a layer: {s, e, label, entity, speaker}.
  function goldSpans(doc, layer) {
    if (layer === 'entities') return doc.entities.map(x => ({ s: x[0], e: x[1], label: x[2], entity: x[3] }));
    if (layer === 'quotes') return doc.quotes.map(x => ({ s: x[0], e: x[1], label: x[2], speaker: x[3] }));
    return doc.numbers.map(x => ({ s: x[0], e: x[1], label: x[2] }));
  }

  function errorKey(err) {
    return [err.l, err.c.join('+'), err.g ? err.g[0] + '-' + err.g[1] : '', err.p ? err.p[0] + '-' + err.p[1] : ''].join('|');
  }

  function status(cats) {
    for (const c of ['missed', 'spurious']) if (cats.includes(c)) return c;
    if (cats.some(c => c.startsWith('boundary'))) return 'boundary';
    return cats.length ? 'wrong' : 'matched';
  }

  function tagText(m) {
    const L = LETTER[m.layer];
    if (m.status === 'missed' || m.status === 'spurious') return L + ' ' + m.status + ' ' + (m.gold || m.pred);
    const wrong = m.cats.filter(c => WRONG[c]).map(c => WRONG[c]);
    if (m.status === 'boundary') {
      const side = m.role === 'gold' ? 'gold' : 'pred';
      const how = m.cats.filter(c => c.startsWith('boundary-')).map(c => c.slice(9)).join(' ');
      return L + ' boundary ' + side + (m.role === 'pred' && how ? ' (' + how + ')' : '') + (wrong.length ? ' + ' + wrong.join(', ') : '');
    }
    if (m.status === 'wrong') {
      const short = s => m.layer === 'entities' ? s : s.replace(/^speaker /, '');
      return L + ' ' + wrong.join(', ') + ' ' + short(m.gold) + '→' + short(m.pred);
    }
    return null;
  }

  function title(m) {
    const lines = [m.layer + ': ' + (m.status === 'gold' ? 'gold (errors unknown)' : m.cats.length ? m.cats.join(', ') : 'matched')];
    if (m.gold) lines.push('gold: ' + m.gold);
    if (m.pred) lines.push('predicted: ' + m.pred);
    if (m.change) lines.push(m.change === 'fixed' ? 'fixed by the candidate' : 'introduced by the candidate');
    return lines.join('\n');
  }

  // Every mark of a run on a document; `other` marks fixed or new errors.
  function marksOf(run, d, other, isBase) {
    const doc = data.docs[d];
    const out = [];
    const errs = run.known ? run.errors[d] : null;
    const otherKeys = other && other.known ? new Set(other.errors[d].map(errorKey)) : null;
    for (const layer of run.layers) {
      const gold = goldSpans(doc, layer);
      if (!errs) {
        gold.forEach(g => out.push({ layer, s: g.s, e: g.e, role: 'both', status: 'gold', cats: [], gold: g.label, entity: g.entity, speaker: g.speaker }));
        continue;
      }
      const mine = errs.filter(x => x.l === layer);
      const touched = new Map(mine.filter(x => x.g).map(x => [x.g[0] + '-' + x.g[1], x]));
      for (const g of gold) {
        if (!touched.has(g.s + '-' + g.e)) {
          out.push({ layer, s: g.s, e: g.e, role: 'both', status: 'matched', cats: [], gold: g.label, pred: g.label, entity: g.entity, speaker: g.speaker });
        }
      }
      const goldAt = new Map(gold.map(g => [g.s + '-' + g.e, g]));
      for (const x of mine) {
        const st = status(x.c);
        const change = otherKeys && !otherKeys.has(errorKey(x)) ? (isBase ? 'fixed' : 'new') : null;
        const base = { layer, cats: x.c, status: st, gold: x.g ? x.g[2] : null, pred: x.p ? x.p[2] : null, change };
        const extra = g => { const hit = g && goldAt.get(g[0] + '-' + g[1]); return hit ? { entity: hit.entity, speaker: hit.speaker } : {}; };
        if (x.g && x.p && x.g[0] === x.p[0] && x.g[1] === x.p[1]) {
          out.push(Object.assign({ s: x.g[0], e: x.g[1], role: 'both' }, base, extra(x.g)));
        } else {
          if (x.g) out.push(Object.assign({ s: x.g[0], e: x.g[1], role: 'gold' }, base, extra(x.g)));
          if (x.p) out.push(Object.assign({ s: x.p[0], e: x.p[1], role: 'pred' }, base, x.g ? { change: null } : {}));
        }
      }
    }
    // Speakers' mentions, so that a quote can point at them without the entity layer.
    if (run.layers.includes('quotes') && !run.layers.includes('entities')) {
      const speakers = new Set(doc.quotes.map(q => q[3]).filter(Boolean));
      doc.entities.filter(x => speakers.has(x[3])).forEach(x => out.push({ layer: 'entities', s: x[0], e: x[1], role: 'speaker', status: 'speaker', cats: [], entity: x[3] }));
    }
    return out.filter(m => m.e > m.s);
  }

  function markNode(m) {
    const cls = ['m', 'L-' + m.layer, 'r-' + m.role, m.role === 'speaker' ? 'spk' : 's-' + m.status];
    const attrs = { class: cls.join(' ') };
    if (m.role !== 'speaker') attrs.title = title(m);
    if (m.entity) attrs['data-entity'] = m.entity;
    if (m.layer === 'quotes' && m.speaker) { attrs['data-speaker'] = m.speaker; attrs.tabindex = '0'; }
    return el('span', attrs);
  }

  // The text cut at every mark boundary; each piece nested in the marks
  // covering it (quotes outermost, predictions' lines lowest).
  function drawText(text, marks) {
    const box = el('div', { class: 'text' });
    const cuts = new Set([0, text.length]);
    marks.forEach(m => { cuts.add(m.s); cuts.add(m.e); });
    const points = Array.from(cuts).sort((a, b) => a - b);
    const order = (a, b) => DEPTH[a.layer] - DEPTH[b.layer] || (a.role === 'pred') - (b.role === 'pred') || a.s - b.s;
    const sorted = marks.slice().sort(order);
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const active = sorted.filter(m => m.s <= a && m.e >= b);
      let node = document.createTextNode(text.slice(a, b));
      for (let k = active.length - 1; k >= 0; k--) {
        const wrap = markNode(active[k]);
        wrap.appendChild(node);
        node = wrap;
      }
      box.appendChild(node);
      for (const m of active) {
        if (m.e !== b) continue;
        const t = tagText(m);
        if (t) box.appendChild(el('span', { class: 'tag t-' + m.status }, t));
        if (m.change) box.appendChild(el('span', { class: 'tag ' + m.change }, m.change === 'fixed' ? '✓ fixed' : '✗ new'));
      }
    }
    return box;
  }

  function lightSpeaker(pane, id, on) {
    pane.querySelectorAll('[data-entity]').forEach(n => { if (n.dataset.entity === id) n.classList.toggle('hl', on); });
  }

  function pane(r, d, other, isBase) {
    const run = data.runs[r], doc = data.docs[d];
    const box = el('article', { class: 'pane', 'data-run': run.name });
    const f1 = run.f1[d];
    box.appendChild(el('h3', {}, run.name + ' — ' + (f1 === null ? 'no headline F1' : 'headline F1 ' + f1.toFixed(3))));
    if (run.failed[d] !== null) box.appendChild(el('p', { class: 'failed' }, 'The extractor failed on this document (its gold spans count as missed): ' + run.failed[d]));
    if (!run.known) box.appendChild(el('p', { class: 'note' }, 'No errors file was given: gold spans are drawn, predictions are unknown.'));
    const marks = marksOf(run, d, other, isBase);
    const counts = {};
    marks.forEach(m => { if (m.role !== 'speaker' && m.role !== 'pred') counts[m.status] = (counts[m.status] || 0) + 1; });
    marks.forEach(m => { if (m.role === 'pred' && m.status === 'spurious') counts.spurious = (counts.spurious || 0) + 1; });
    box.appendChild(el('p', { class: 'note counts' }, Object.keys(counts).sort().map(k => k + ' ' + counts[k]).join(' · ')));
    box.appendChild(drawText(doc.text, marks));
    const hover = on => e => {
      const q = e.target.closest('[data-speaker]');
      if (q) lightSpeaker(box, q.dataset.speaker, on);
    };
    box.addEventListener('mouseover', hover(true));
    box.addEventListener('mouseout', hover(false));
    box.addEventListener('focusin', hover(true));
    box.addEventListener('focusout', hover(false));
    return box;
  }

  const select = document.getElementById('run');
  const list = document.getElementById('doc-list');
  const view = document.getElementById('doc-view');
  let current = 0;

  function shownRuns() {
    return data.compare ? [0, 1] : [parseInt(select.value, 10)];
  }

  function showDoc(d) {
    current = d;
    const doc = data.docs[d];
    view.replaceChildren();
    view.appendChild(el('h3', { class: 'doc-title' }, doc.title));
    view.appendChild(el('p', { class: 'note' }, doc.id + (doc.split ? ' · ' + doc.split : '')));
    const panes = el('div', { class: 'panes' });
    const runs = shownRuns();
    if (runs.length === 2) {
      panes.appendChild(pane(0, d, data.runs[1], true));
      panes.appendChild(pane(1, d, data.runs[0], false));
    } else {
      panes.appendChild(pane(runs[0], d, null, false));
    }
    view.appendChild(panes);
    list.querySelectorAll('button').forEach(b => b.setAttribute('aria-current', b.dataset.doc === String(d) ? 'true' : 'false'));
  }

  // Documents worst first by the shown extractor's (the candidate's) headline F1.
  function drawList() {
    const runs = shownRuns();
    const ranked = data.runs[runs[runs.length - 1]];
    const order = data.docs.map((_, i) => i).sort((a, b) => {
      const x = ranked.f1[a], y = ranked.f1[b];
      if (x === null || y === null) return (x === null) - (y === null) || a - b;
      return x - y || a - b;
    });
    list.replaceChildren();
    for (const d of order) {
      const figs = runs.map(r => data.runs[r].f1[d]).map(f => f === null ? '—' : f.toFixed(3));
      const b = el('button', { type: 'button', 'data-doc': String(d), title: data.docs[d].title });
      b.appendChild(el('span', { class: 'id' }, data.docs[d].id));
      b.appendChild(el('span', { class: 'f1' }, figs.join(' → ') + (runs.some(r => data.runs[r].failed[d] !== null) ? ' failed' : '')));
      b.addEventListener('click', () => showDoc(d));
      list.appendChild(b);
    }
    return order;
  }

  data.runs.forEach((run, i) => select.appendChild(el('option', { value: String(i) }, run.name)));
  if (data.compare) {
    document.body.classList.add('compare');
    document.getElementById('run-label').hidden = true;
    document.getElementById('run-note').textContent = 'Base (left) and candidate (right); documents worst first by the candidate, with base → candidate headline F1.';
  } else {
    document.getElementById('run-note').textContent = 'Documents worst first by this extractor\'s headline F1 (mean over its layers).';
  }
  select.addEventListener('change', () => { const order = drawList(); showDoc(order.includes(current) ? current : order[0]); });
  if (data.docs.length) showDoc(drawList()[0]);
})();
