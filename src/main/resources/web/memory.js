// caption serve: the Memory view, shown when the server was started with --memory DIR.
// GET /v1/memory (signals, co-clusters), GET /v1/memory/cell/{state}/{cell} (a cell over example
// captions, Karpathy's coloured text), GET /v1/memory/search (LSTMVis's pattern search).

const $ = (sel) => document.querySelector(sel);
const EXAMPLES = 12;
const MAX_PHRASE = 20;
const CLUSTER_CELLS_SHOWN = 16;

const el = {
  button: $('#memory-button'), panel: $('#memory'), folder: $('#memory-folder'), summary: $('#memory-summary'),
  signals: $('#memory-signals'), clusters: $('#memory-clusters'), cellName: $('#memory-cell-name'),
  addCell: $('#memory-add-cell'), cell: $('#memory-cell'), form: $('#memory-search'), cells: $('#memory-cells'),
  state: $('#memory-state'), threshold: $('#memory-threshold'), phrase: $('#memory-phrase'), go: $('#memory-go'),
  matches: $('#memory-matches'), error: $('#error'),
};

const view = { folder: null, shown: null, phrase: null, pending: null };

async function getJson(path) {
  const response = await fetch(path);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body && body.error ? body.error : `HTTP ${response.status}`);
  return body;
}

function showError(e) {
  el.error.textContent = e.message;
  el.error.hidden = false;
}

const query = (params) => new URLSearchParams({ folder: view.folder, ...params }).toString();
const isGate = (state) => state.endsWith('_gate');

/** A value's background, Karpathy's way: red for high, blue for low; gates from [0, 1], the cell through tanh. */
function background(state, v) {
  const t = isGate(state) ? 2 * v - 1 : state === 'cell' ? Math.tanh(v) : v;
  const a = Math.min(1, Math.abs(t)) * 0.85;
  return t >= 0 ? `rgba(214,96,77,${a})` : `rgba(67,147,195,${a})`;
}

function chip(text, title, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = 'chip';
  b.textContent = text;
  b.title = title;
  if (onClick) b.addEventListener('click', onClick);
  else b.disabled = true;
  return b;
}

async function open(folder) {
  const summary = await getJson(`v1/memory?${new URLSearchParams(folder ? { folder } : {})}`);
  view.folder = summary.folder;
  el.folder.replaceChildren(...summary.folders.map((name) => new Option(name, name, false, name === summary.folder)));
  el.state.replaceChildren(...summary.states.map((s) => new Option(s, s, false, s === 'hidden')));
  el.summary.textContent = `${summary.model}: ${summary.captions} captions, ${summary.rows} rows (one per written word), `
    + `${summary.cells} cells.`;
  renderSignals(summary.signals);
  renderClusters(summary.co_clusters);
}

function renderSignals(signals) {
  el.signals.replaceChildren(...Object.entries(signals).map(([name, cells]) => {
    const row = document.createElement('div');
    row.className = 'memory-row';
    const label = document.createElement('span');
    label.className = 'memory-label';
    label.textContent = name;
    row.append(label, ...cells.slice(0, 5).map((c) => chip(`${c.state} ${c.cell} (${c.r.toFixed(2)})`,
      `${c.state} cell ${c.cell}: r ${c.r} with ${name}`, () => showCell(c.state, c.cell))));
    return row;
  }));
}

function renderClusters(groups) {
  el.clusters.replaceChildren(...groups.map((g, i) => {
    const row = document.createElement('div');
    row.className = 'memory-cluster';
    const cells = document.createElement('div');
    cells.className = 'memory-cells';
    cells.append(...g.cells.slice(0, CLUSTER_CELLS_SHOWN).map((c) => chip(`${c}`, `memory cell ${c}`, () => showCell('cell', c))));
    if (g.cells.length > CLUSTER_CELLS_SHOWN) cells.append(` +${g.cells.length - CLUSTER_CELLS_SHOWN} more`);
    const words = document.createElement('div');
    words.className = 'memory-words';
    words.append(...(g.words.length ? g.words.map((w) => chip(w, `moves group ${i + 1}'s cells most`)) : ['(no word)']));
    row.append(cells, words);
    return row;
  }));
}

async function showCell(state, cell) {
  try {
    const body = await getJson(`v1/memory/cell/${state}/${cell}?${query({ captions: EXAMPLES })}`);
    view.shown = { state, cell };
    el.cellName.textContent = `${cell} (${state})`;
    el.addCell.disabled = false;
    el.cell.replaceChildren(...body.captions.map((c) => captionLine(c, (word, i) => {
      word.style.background = background(state, c.values[i]);
      word.title = `${c.words[i]}: ${c.values[i].toFixed(3)}`;
      word.addEventListener('click', () => pickWord(c, i));
    })));
    markPhrase();
  } catch (e) {
    showError(e);
  }
}

/** One caption as a line of word spans; {@code decorate} sets each span up. */
function captionLine(caption, decorate) {
  const line = document.createElement('p');
  line.className = 'memory-text';
  line.dataset.caption = caption.caption;
  caption.words.forEach((w, i) => {
    const word = document.createElement('span');
    word.className = 'memory-word';
    word.textContent = w;
    word.dataset.index = i;
    decorate(word, i);
    line.append(word, ' '); // the spaces let a long caption wrap
  });
  return line;
}

/** The first click starts a phrase, the second (same caption) ends it. */
function pickWord(caption, i) {
  const p = view.pending;
  if (p && p.caption === caption.caption) {
    const from = Math.min(p.from, i);
    const to = Math.min(Math.max(p.from, i), from + MAX_PHRASE - 1);
    view.phrase = { caption: caption.caption, from, to, words: caption.words.slice(from, to + 1) };
    view.pending = null;
  } else {
    view.pending = { caption: caption.caption, from: i };
    view.phrase = { caption: caption.caption, from: i, to: i, words: [caption.words[i]] };
  }
  el.phrase.textContent = `caption ${view.phrase.caption}: “${view.phrase.words.join(' ')}”`;
  markPhrase();
  syncSearch();
}

function markPhrase() {
  for (const word of el.cell.querySelectorAll('.memory-word')) {
    const ph = view.phrase;
    const i = Number(word.dataset.index);
    word.classList.toggle('picked', !!ph && Number(word.parentElement.dataset.caption) === ph.caption
      && i >= ph.from && i <= ph.to);
  }
}

function addShownCell() {
  const { state, cell } = view.shown;
  const cells = el.state.value === state ? parseCells() : [];
  if (!cells.includes(cell)) cells.push(cell);
  el.state.value = state;
  el.threshold.value = isGate(state) ? '0.5' : '0';
  el.cells.value = cells.join(', ');
  syncSearch();
}

const parseCells = () => el.cells.value.split(/[\s,]+/).filter(Boolean).map(Number).filter(Number.isInteger);

function syncSearch() {
  el.go.disabled = !view.phrase || parseCells().length === 0;
}

async function search(e) {
  e.preventDefault();
  const ph = view.phrase;
  try {
    const body = await getJson(`v1/memory/search?${query({ caption: ph.caption, from: ph.from, to: ph.to,
      cells: parseCells().join(','), state: el.state.value, threshold: el.threshold.value, limit: 10 })}`);
    el.matches.replaceChildren(...body.matches.map((m) => {
      const li = document.createElement('li');
      const img = document.createElement('img');
      img.src = m.image_url;
      img.alt = m.image;
      img.width = 72;
      img.height = 72;
      const text = captionLine(m, (word, i) => word.classList.toggle('picked', i >= m.start && i <= m.end));
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = `score ${m.score}${m.caption === ph.caption ? ' · the phrase itself' : ''}`;
      li.append(img, text, score);
      return li;
    }));
  } catch (err) {
    showError(err);
  }
}

el.button.addEventListener('click', () => {
  const show = el.panel.hidden;
  el.panel.hidden = !show;
  el.button.setAttribute('aria-pressed', String(show));
  if (show) el.panel.scrollIntoView({ behavior: 'smooth' });
});
el.folder.addEventListener('change', () => open(el.folder.value).catch(showError));
el.addCell.addEventListener('click', addShownCell);
el.cells.addEventListener('input', syncSearch);
el.form.addEventListener('submit', search);

// The view is offered only where the server has memory folders (health names them), so that a
// server without them sees no failed request.
getJson('v1/health').then((h) => (h.memory && h.memory.length ? open(null) : Promise.reject(new Error('none'))))
  .then(() => { el.button.hidden = false; }, () => {});
el.state.addEventListener('change', () => { el.threshold.value = isGate(el.state.value) ? '0.5' : '0'; });
