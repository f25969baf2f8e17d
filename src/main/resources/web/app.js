// caption serve: the page. Plain ES module, no framework, no build step.
// Talks to the same-origin JSON API: GET /v1/health, GET /v1/models, POST /v1/captions, and in
// camera mode the WebSocket /v1/live (frames go to this page's own server and nowhere else).

const $ = (sel) => document.querySelector(sel);

// ---- colour maps ------------------------------------------------------------------------------

/** A 256-entry RGB lookup table interpolated linearly between evenly spaced stops. */
function lut(stops) {
  const out = new Uint8ClampedArray(256 * 3);
  const n = stops.length - 1;
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * n;
    const k = Math.min(n - 1, Math.floor(t));
    const f = t - k;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = stops[k][c] + (stops[k + 1][c] - stops[k][c]) * f;
  }
  return out;
}
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
// matplotlib's perceptual maps, sampled.
const INFERNO = lut(['#000004', '#1b0c41', '#4a0c6b', '#781c6d', '#a52c60', '#cf4446', '#ed6925', '#fb9b06', '#f7d13d', '#fcffa4'].map(hex));
const VIRIDIS = lut(['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'].map(hex));
// ColorBrewer RdBu, reversed: blue for -1, white for 0, red for +1.
const RDBU = lut(['#053061', '#2166ac', '#4393c3', '#92c5de', '#d1e5f0', '#f7f7f7', '#fddbc7', '#f4a582', '#d6604d', '#b2182b', '#67001f'].map(hex));

const clamp01 = (x) => (x < 0 ? 0 : x > 1 ? 1 : x);
function rgbAt(map, t) {
  const i = Math.round(clamp01(t) * 255) * 3;
  return [map[i], map[i + 1], map[i + 2]];
}
const css = (rgb, a = 1) => `rgba(${rgb[0]},${rgb[1]},${rgb[2]},${a})`;

// ---- state ------------------------------------------------------------------------------------

const GATES = [
  { key: 'hidden', title: 'hidden state h', range: '−1 … 1', map: RDBU, diverging: true },
  { key: 'input_gate', title: 'input gate i', range: '0 … 1', map: VIRIDIS },
  { key: 'forget_gate', title: 'forget gate f', range: '0 … 1', map: VIRIDIS },
  { key: 'output_gate', title: 'output gate o', range: '0 … 1', map: VIRIDIS },
];
const LINE_COLOURS = { hidden: '#1d232b', input_gate: '#1f6feb', forget_gate: '#1a7f37', output_gate: '#b3366b' };

const state = {
  models: [],
  file: null,
  image: null,        // a decoded HTMLImageElement, or null when the browser cannot show the file
  result: null,       // the API's answer for the last image
  word: 0,            // the current word's index
  cell: null,         // the chosen LSTM cell, or null
  order: [],          // the cells in display order
  busy: false,
  playTimer: null,
  live: false,        // camera mode: the result is the latest caption of the camera's frames
};

const el = {
  form: $('#options'), model: $('#model'), beam: $('#beam'), maxLength: $('#max-length'), nBest: $('#n-best'),
  run: $('#run'), modelInfo: $('#model-info'), error: $('#error'), drop: $('#drop'), photo: $('#photo'),
  file: $('#file'), busy: $('#busy'), showHeat: $('#show-heat'), heatLegend: $('#heat-legend'), heatToggle: $('#heat-toggle'),
  result: $('#result'), caption: $('#caption'), score: $('#score'), words: $('#words'), play: $('#play'),
  attentionNote: $('#attention-note'), nbest: $('#nbest'), sort: $('#sort'), lstm: $('#lstm'),
  lstmEmpty: $('#lstm-empty'), lstmSummary: $('#lstm-summary'), strips: $('#strips'), tooltip: $('#tooltip'),
  next: $('#next'), nextWord: $('#next-word'), cellIndex: $('#cell-index'), cellHint: $('#cell-hint'),
  cellChart: $('#cell-chart'), cellTable: $('#cell-table'), health: $('#health'),
  camera: $('#camera'), cameraButton: $('#camera-button'), pause: $('#pause'), live: $('#live'),
  liveText: $('#live-text'), liveStats: $('#live-stats'),
};

// ---- errors and API ---------------------------------------------------------------------------

function showError(message) {
  el.error.textContent = message;
  el.error.hidden = false;
}
function clearError() {
  el.error.hidden = true;
  el.error.textContent = '';
}

/** Fetches JSON; a non-2xx answer throws its {"error": ...} line. */
async function api(path, init) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new Error(`The server could not be reached (${e.message}).`);
  }
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: fall through
  }
  if (!response.ok) {
    const detail = body && typeof body.error === 'string' ? body.error : (text.trim().split('\n')[0] || response.statusText);
    throw new Error(`${detail} (HTTP ${response.status})`);
  }
  if (body === null) throw new Error('The server answered with something that is not JSON.');
  return body;
}

async function checkHealth() {
  try {
    const h = await api('v1/health');
    el.health.textContent = `server ${h.status} · ${(h.models || []).length} model(s)`;
    el.health.className = 'health ok';
  } catch (e) {
    el.health.textContent = 'server unreachable';
    el.health.className = 'health down';
  }
}

async function loadModels() {
  try {
    const models = await api('v1/models');
    state.models = Array.isArray(models) ? models : [];
  } catch (e) {
    showError(`Could not list the models: ${e.message}`);
    return;
  }
  el.model.replaceChildren(...state.models.map((m) => {
    const o = document.createElement('option');
    o.value = m.name;
    o.textContent = m.name;
    return o;
  }));
  if (state.models.length === 0) {
    showError('The server has no models loaded.');
    return;
  }
  const wanted = new URLSearchParams(location.search).get('model');
  if (wanted && state.models.some((m) => m.name === wanted)) el.model.value = wanted;
  applyModelDefaults();
  el.run.disabled = !state.file;
}

function currentModel() {
  return state.models.find((m) => m.name === el.model.value) || null;
}

function applyModelDefaults() {
  const m = currentModel();
  if (!m) return;
  if (m.default_beam) el.beam.value = m.default_beam;
  if (m.default_max_length) el.maxLength.value = m.default_max_length;
  syncNBest();
  const parts = [m.decoder, `${m.vocabulary_size} words`];
  parts.push(m.attends ? 'attends over the image' : 'no attention (Show and Tell)');
  el.modelInfo.textContent = parts.filter(Boolean).join(' · ');
}

const intIn = (input, lo, hi, fallback) => {
  const v = Math.round(Number(input.value));
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
};

/** N-best is at most the beam width. */
function syncNBest() {
  const beam = intIn(el.beam, 1, 10, 3);
  el.nBest.max = String(beam);
  if (Number(el.nBest.value) > beam) el.nBest.value = beam;
}

// ---- image input ------------------------------------------------------------------------------

function decodeImage(file) {
  return new Promise((resolve) => {
    const url = URL.createObjectURL(file);
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => {
      URL.revokeObjectURL(url);
      resolve(null);
    };
    img.src = url;
  });
}

async function takeFile(file) {
  if (!file) return;
  stopCamera();
  stopPlay();
  clearError();
  if (state.image) URL.revokeObjectURL(state.image.src);
  state.file = file;
  state.image = await decodeImage(file);
  state.result = null;
  el.drop.classList.add('has-image');
  el.run.disabled = false;
  renderResult();
  drawPhoto();
  await caption();
}

async function caption() {
  if (!state.file || state.busy) return;
  const model = currentModel();
  if (!model) {
    showError('No model to caption with.');
    return;
  }
  const params = requestParams(model);
  setBusy(true);
  clearError();
  try {
    const type = state.file.type || 'application/octet-stream';
    const answer = await api(`v1/captions?${params}`, { method: 'POST', headers: { 'Content-Type': type }, body: state.file });
    const result = Array.isArray(answer.results) ? answer.results[0] : answer;
    if (result && result.error) throw new Error(result.error);
    state.result = result;
    state.word = 0;
    if (state.cell !== null && (!result.lstm || state.cell >= result.lstm.hidden_size)) state.cell = null;
    renderResult();
  } catch (e) {
    state.result = null;
    renderResult();
    showError(e.message);
  } finally {
    setBusy(false);
  }
}

/** The options of a request (an upload or the live socket), with the attention and LSTM trace the views draw. */
function requestParams(model) {
  syncNBest();
  return new URLSearchParams({
    model: model.name,
    beam: intIn(el.beam, 1, 10, 3),
    max_length: intIn(el.maxLength, 1, 100, 20),
    n_best: intIn(el.nBest, 1, 10, 3),
    attention: 'true',
    lstm: 'true',
  });
}

function setBusy(busy) {
  state.busy = busy;
  el.busy.hidden = !busy;
  el.run.disabled = busy || !state.file;
  el.drop.setAttribute('aria-busy', String(busy));
}

// ---- photo + attention ------------------------------------------------------------------------

function heatCanvas(att, index) {
  const { rows, cols } = att;
  const weights = att.weights[index];
  const small = document.createElement('canvas');
  small.width = cols;
  small.height = rows;
  const ctx = small.getContext('2d');
  const data = ctx.createImageData(cols, rows);
  let max = 0;
  for (const w of weights) max = Math.max(max, w);
  for (let i = 0; i < rows * cols; i++) {
    const t = max > 0 ? weights[i] / max : 0;
    const [r, g, b] = rgbAt(INFERNO, t);
    data.data[i * 4] = r;
    data.data[i * 4 + 1] = g;
    data.data[i * 4 + 2] = b;
    data.data[i * 4 + 3] = Math.round(255 * Math.min(0.82, 0.06 + 0.8 * Math.pow(t, 0.75)));
  }
  ctx.putImageData(data, 0, 0);
  return small;
}

function drawPhoto() {
  if (state.live) {
    drawLiveOverlay();
    return;
  }
  const canvas = el.photo;
  const img = state.image;
  if (!state.file) return;
  const dpr = window.devicePixelRatio || 1;
  const cssW = Math.max(1, el.drop.clientWidth);
  const iw = img ? img.naturalWidth : 4;
  const ih = img ? img.naturalHeight : 3;
  const cssH = Math.round(Math.min(cssW * (ih / iw), cssW * 1.25, window.innerHeight * 0.75));
  canvas.style.height = `${cssH}px`;
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#11151a';
  ctx.fillRect(0, 0, cssW, cssH);
  if (!img) {
    ctx.fillStyle = '#aab3bd';
    ctx.font = '14px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.fillText('(this browser cannot preview the file)', cssW / 2, cssH / 2);
    return;
  }
  const s = Math.min(cssW / iw, cssH / ih);
  const w = iw * s;
  const h = ih * s;
  const x = (cssW - w) / 2;
  const y = (cssH - h) / 2;
  // Small synthetic scenes stay crisp; photos are smoothed.
  ctx.imageSmoothingEnabled = s < 2;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img, x, y, w, h);
  drawAttention(canvas, ctx, x, y, w, h);
}

/** The current word's heat map and the word over the image drawn at (x, y, w, h), when the result has attention. */
function drawAttention(canvas, ctx, x, y, w, h) {
  const att = state.result && state.result.attention;
  const showHeat = att && el.showHeat.checked && state.word < att.weights.length;
  canvas.dataset.word = showHeat ? String(state.word) : '';
  if (showHeat) {
    // The encoder squashes the whole image to a square, so the grid covers the whole image.
    ctx.globalAlpha = 0.25;
    ctx.fillStyle = '#000';
    ctx.fillRect(x, y, w, h);
    ctx.globalAlpha = 1;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(heatCanvas(att, state.word), 0, 0, att.cols, att.rows, x, y, w, h);
    const word = att.words[state.word];
    ctx.font = '600 15px system-ui, sans-serif';
    const tw = ctx.measureText(word).width;
    ctx.fillStyle = 'rgba(17,21,26,.75)';
    ctx.fillRect(x + 8, y + 8, tw + 16, 26);
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'middle';
    ctx.fillText(word, x + 16, y + 21);
  }
}

// ---- result: caption, words, n-best ------------------------------------------------------------

function wordsOf(result) {
  if (!result) return [];
  if (result.attention && Array.isArray(result.attention.words)) return result.attention.words;
  if (result.lstm && Array.isArray(result.lstm.steps)) return result.lstm.steps.map((s) => s.word);
  return String(result.caption || '').split(/\s+/).filter(Boolean).concat('<end>');
}

/** Shows state.result; `word` is the word to make current (a live caption keeps the one being looked at). */
function renderResult({ word = 0 } = {}) {
  const r = state.result;
  el.result.hidden = !r;
  el.heatLegend.hidden = !(r && r.attention);
  el.heatToggle.hidden = !(r && r.attention);
  if (!r) {
    el.lstm.hidden = true;
    el.lstmEmpty.hidden = false;
    drawPhoto();
    return;
  }
  el.caption.textContent = r.caption || '(empty caption)';
  el.score.textContent = `score ${fmt(r.score, 3)} · log p ${fmt(r.log_prob, 2)}`;
  el.score.title = 'score: the beam search\'s length-normalised score; log p: the caption\'s log probability';

  const words = wordsOf(r);
  el.words.replaceChildren(...words.map((w, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'chip' + (w === '<end>' ? ' end' : '');
    b.textContent = w;
    b.id = `word-${i}`;
    b.setAttribute('role', 'option');
    b.tabIndex = -1;
    b.dataset.index = String(i);
    b.addEventListener('mouseenter', () => setWord(i));
    b.addEventListener('focus', () => setWord(i));
    b.addEventListener('click', () => setWord(i));
    return b;
  }));

  const model = state.models.find((m) => m.name === r.model) || currentModel();
  el.attentionNote.hidden = !!r.attention;
  el.attentionNote.textContent = model && model.attends === false
    ? `${model.name} does not attend (Show and Tell): there is no heat map; the LSTM view still shows every word.`
    : 'No attention in this answer.';

  el.nbest.replaceChildren(...(r.n_best || []).map((alt) => {
    const li = document.createElement('li');
    li.innerHTML = '<div class="alt"><span class="text"></span><span class="num"></span></div>';
    li.querySelector('.text').textContent = alt.caption;
    li.querySelector('.num').textContent = `score ${fmt(alt.score, 3)} · log p ${fmt(alt.log_prob, 2)}`;
    return li;
  }));

  prepareLstm();
  setWord(word, { force: true });
}

function fmt(x, digits) {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : '–';
}

function wordCount() {
  return wordsOf(state.result).length;
}

function setWord(i, { force = false } = {}) {
  const n = wordCount();
  if (n === 0) return;
  i = Math.max(0, Math.min(n - 1, i));
  if (i === state.word && !force) return;
  state.word = i;
  for (const chip of el.words.children) {
    const on = Number(chip.dataset.index) === i;
    chip.classList.toggle('current', on);
    chip.setAttribute('aria-selected', String(on));
  }
  el.words.setAttribute('aria-activedescendant', `word-${i}`);
  drawPhoto();
  drawStrips();
  renderNext();
  renderCell();
}

// Step through the words: arrows on the chips, or anywhere that is not a form field or a strip.
function onKey(e) {
  if (!state.result || e.altKey || e.ctrlKey || e.metaKey) return;
  const t = e.target;
  if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
  if (t instanceof HTMLCanvasElement && t.closest('.strips')) return;
  const step = { ArrowLeft: -1, ArrowUp: -1, ArrowRight: 1, ArrowDown: 1 }[e.key];
  if (!step && e.key !== 'Home' && e.key !== 'End') return;
  if ((e.key === 'ArrowUp' || e.key === 'ArrowDown') && !el.words.contains(t)) return; // keep page scrolling
  e.preventDefault();
  stopPlay();
  if (e.key === 'Home') setWord(0);
  else if (e.key === 'End') setWord(wordCount() - 1);
  else setWord(state.word + step);
  if (el.words.contains(t)) el.words.children[state.word]?.focus();
}

function togglePlay() {
  if (state.playTimer) {
    stopPlay();
    return;
  }
  if (!state.result) return;
  if (state.word >= wordCount() - 1) setWord(0);
  el.play.setAttribute('aria-pressed', 'true');
  el.play.textContent = '❚❚ Pause';
  state.playTimer = setInterval(() => {
    if (state.word >= wordCount() - 1) stopPlay();
    else setWord(state.word + 1);
  }, 750);
}
function stopPlay() {
  if (state.playTimer) clearInterval(state.playTimer);
  state.playTimer = null;
  el.play.setAttribute('aria-pressed', 'false');
  el.play.textContent = '▶ Play';
}

// ---- LSTM view -------------------------------------------------------------------------------

const strips = []; // { gate, canvas, image (offscreen H x rows) }

function lstmSteps() {
  const l = state.result && state.result.lstm;
  return l && Array.isArray(l.steps) && l.steps.length ? l : null;
}

function prepareLstm() {
  const l = lstmSteps();
  el.lstm.hidden = !l;
  el.lstmEmpty.hidden = !!l;
  if (!l) {
    el.lstmEmpty.textContent = state.result
      ? 'This answer has no LSTM state (the server left it out).'
      : el.lstmEmpty.textContent;
    return;
  }
  const H = l.hidden_size || l.steps[0].hidden.length;
  el.lstmSummary.textContent = `${l.steps.length} steps × ${H} cells. Rows are the generated words; `
    + 'each strip has one column per cell. Hover to read a value, click a cell to follow it.';
  computeOrder();
  if (strips.length === 0) {
    for (const gate of GATES) {
      const wrap = document.createElement('div');
      wrap.className = 'strip';
      const h = document.createElement('h3');
      h.innerHTML = '<span></span><span class="sub"></span>';
      h.firstChild.textContent = gate.title;
      h.lastChild.textContent = gate.range;
      const canvas = document.createElement('canvas');
      canvas.tabIndex = 0;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `${gate.title}: one row per word, one column per cell. `
        + 'Click a cell to follow it; arrow keys move the chosen cell and word.');
      canvas.dataset.gate = gate.key;
      h.id = `strip-${gate.key}`;
      wrap.append(h, canvas);
      el.strips.append(wrap);
      const strip = { gate, canvas, image: null };
      strips.push(strip);
      canvas.addEventListener('mousemove', (e) => hover(strip, e));
      canvas.addEventListener('mouseleave', () => { el.tooltip.hidden = true; });
      canvas.addEventListener('click', (e) => pick(strip, e));
      canvas.addEventListener('keydown', (e) => stripKey(e));
    }
  }
  renderStripImages();
}

function computeOrder() {
  const l = lstmSteps();
  if (!l) return;
  const H = l.steps[0].hidden.length;
  const idx = Array.from({ length: H }, (_, i) => i);
  const mode = el.sort.value;
  if (mode !== 'natural') {
    const key = new Float64Array(H);
    const n = l.steps.length;
    for (let c = 0; c < H; c++) {
      let sum = 0;
      let sumAbs = 0;
      let sumSq = 0;
      for (const s of l.steps) {
        const v = s.hidden[c];
        sum += v;
        sumAbs += Math.abs(v);
        sumSq += v * v;
      }
      key[c] = mode === 'mean-abs' ? sumAbs / n : sumSq / n - (sum / n) * (sum / n);
    }
    idx.sort((a, b) => key[b] - key[a] || a - b); // most active first
  }
  state.order = idx;
}

function renderStripImages() {
  const l = lstmSteps();
  if (!l) return;
  const rows = l.steps.length;
  const H = state.order.length;
  for (const strip of strips) {
    const off = document.createElement('canvas');
    off.width = H;
    off.height = rows;
    const ctx = off.getContext('2d');
    const data = ctx.createImageData(H, rows);
    l.steps.forEach((s, r) => {
      const values = s[strip.gate.key];
      for (let p = 0; p < H; p++) {
        const v = values[state.order[p]];
        const t = strip.gate.diverging ? (v + 1) / 2 : v;
        const [cr, cg, cb] = rgbAt(strip.gate.map, t);
        const o = (r * H + p) * 4;
        data.data[o] = cr;
        data.data[o + 1] = cg;
        data.data[o + 2] = cb;
        data.data[o + 3] = 255;
      }
    });
    ctx.putImageData(data, 0, 0);
    strip.image = off;
  }
  drawStrips();
}

/** Geometry of a strip canvas in CSS pixels. */
function geometry(strip) {
  const l = lstmSteps();
  const cssW = Math.max(120, strip.canvas.parentElement.clientWidth);
  const labelW = cssW < 420 ? 58 : 74;
  const rowH = l.steps.length > 24 ? 9 : cssW < 420 ? 11 : 12;
  const rows = l.steps.length;
  const top = 2;
  const areaX = labelW + 4;
  const areaW = cssW - areaX - 2;
  return { cssW, cssH: top + rows * rowH + 2, labelW, rowH, rows, top, areaX, areaW, cw: areaW / state.order.length };
}

function drawStrips() {
  const l = lstmSteps();
  if (!l || el.lstm.hidden) return;
  const dpr = window.devicePixelRatio || 1;
  for (const strip of strips) {
    if (!strip.image) continue;
    const g = geometry(strip);
    const c = strip.canvas;
    c.style.height = `${g.cssH}px`;
    c.width = Math.round(g.cssW * dpr);
    c.height = Math.round(g.cssH * dpr);
    const ctx = c.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, g.cssW, g.cssH);
    // word labels
    ctx.font = `${g.rowH - 2}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    l.steps.forEach((s, r) => {
      const y = g.top + r * g.rowH;
      if (r === state.word) {
        ctx.fillStyle = '#f59e0b';
        ctx.fillRect(0, y, g.labelW + 2, g.rowH);
      }
      ctx.fillStyle = r === state.word ? '#1d1300' : '#5d6875';
      ctx.fillText(s.word, g.labelW - 3, y + g.rowH / 2 + 0.5, g.labelW - 6);
    });
    // cells
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(strip.image, g.areaX, g.top, g.areaW, g.rows * g.rowH);
    // current word: a frame around its row
    const y = g.top + state.word * g.rowH;
    ctx.strokeStyle = '#f59e0b';
    ctx.lineWidth = 2;
    ctx.strokeRect(g.areaX - 1, y, g.areaW + 2, g.rowH);
    // chosen cell: a column frame across all words
    c.dataset.cell = state.cell === null ? '' : String(state.cell);
    if (state.cell !== null) {
      const p = state.order.indexOf(state.cell);
      const w = Math.max(3, g.cw);
      const x = g.areaX + p * g.cw + g.cw / 2 - w / 2;
      ctx.lineWidth = 3;
      ctx.strokeStyle = '#ffffff';
      ctx.strokeRect(x - 1.5, g.top - 1, w + 3, g.rows * g.rowH + 2);
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#111';
      ctx.strokeRect(x - 1.5, g.top - 1, w + 3, g.rows * g.rowH + 2);
    }
  }
}

function locate(strip, e) {
  const g = geometry(strip);
  const rect = strip.canvas.getBoundingClientRect();
  const x = (e.clientX - rect.left) * (g.cssW / rect.width);
  const y = e.clientY - rect.top;
  const row = Math.floor((y - g.top) / g.rowH);
  const pos = Math.floor((x - g.areaX) / g.cw);
  if (row < 0 || row >= g.rows) return null;
  if (pos < 0 || pos >= state.order.length) return { row, cell: null };
  return { row, cell: state.order[pos], x, y };
}

function hover(strip, e) {
  const at = locate(strip, e);
  if (!at || at.cell === null) {
    el.tooltip.hidden = true;
    return;
  }
  const s = lstmSteps().steps[at.row];
  el.tooltip.textContent = `cell ${at.cell} · “${s.word}” · ${strip.gate.key.replace('_gate', '')} ${fmt(s[strip.gate.key][at.cell], 3)}`;
  el.tooltip.hidden = false;
  const host = el.lstm.getBoundingClientRect();
  const rect = strip.canvas.getBoundingClientRect();
  const left = e.clientX - host.left + 12;
  const maxLeft = host.width - el.tooltip.offsetWidth - 4;
  el.tooltip.style.left = `${Math.max(0, Math.min(left, maxLeft))}px`;
  el.tooltip.style.top = `${rect.top - host.top + at.y + 14}px`;
}

function pick(strip, e) {
  const at = locate(strip, e);
  if (!at) return;
  stopPlay();
  if (at.cell !== null) state.cell = at.cell;
  setWord(at.row, { force: true });
}

function stripKey(e) {
  const l = lstmSteps();
  if (!l) return;
  const H = state.order.length;
  let p = state.cell === null ? -1 : state.order.indexOf(state.cell);
  switch (e.key) {
    case 'ArrowLeft': p = Math.max(0, p - 1); break;
    case 'ArrowRight': p = Math.min(H - 1, p + 1); break;
    case 'ArrowUp': setWord(state.word - 1); e.preventDefault(); return;
    case 'ArrowDown': setWord(state.word + 1); e.preventDefault(); return;
    case 'Home': p = 0; break;
    case 'End': p = H - 1; break;
    default: return;
  }
  e.preventDefault();
  state.cell = state.order[Math.max(0, p)];
  setWord(state.word, { force: true });
}

function renderNext() {
  const l = lstmSteps();
  if (!l) return;
  const s = l.steps[Math.min(state.word, l.steps.length - 1)];
  const before = l.steps.slice(0, state.word).map((x) => x.word).join(' ');
  el.nextWord.textContent = before ? `… ${before.split(' ').slice(-3).join(' ')}` : '(start)';
  el.next.replaceChildren(...(s.next || []).map((n) => {
    const li = document.createElement('li');
    li.className = n.word === s.word ? 'chosen' : '';
    li.innerHTML = '<span class="w"></span><span class="bar" aria-hidden="true"><i></i></span><span class="p"></span>';
    li.querySelector('.w').textContent = n.word;
    li.querySelector('.bar i').style.width = `${(clamp01(n.probability) * 100).toFixed(1)}%`;
    li.querySelector('.p').textContent = `${(n.probability * 100).toFixed(n.probability < 0.001 ? 3 : 1)}%`;
    li.setAttribute('aria-label', `${n.word}: ${(n.probability * 100).toFixed(2)} percent${n.word === s.word ? ', chosen' : ''}`);
    return li;
  }));
}

function renderCell() {
  const l = lstmSteps();
  const has = !!l && state.cell !== null;
  el.cellIndex.textContent = has ? String(state.cell) : '—';
  el.cellHint.hidden = has;
  el.cellChart.hidden = !has;
  el.cellTable.hidden = !has;
  if (!has) return;
  const c = state.cell;
  const body = el.cellTable.tBodies[0];
  body.replaceChildren(...l.steps.map((s, r) => {
    const tr = document.createElement('tr');
    if (r === state.word) tr.className = 'current';
    const td = (text) => {
      const d = document.createElement('td');
      d.textContent = text;
      return d;
    };
    tr.append(td(s.word));
    for (const g of GATES) {
      const v = s[g.key][c];
      const cell = td(fmt(v, 3));
      const sw = document.createElement('span');
      sw.className = 'sw';
      sw.style.background = css(rgbAt(g.map, g.diverging ? (v + 1) / 2 : v));
      cell.prepend(sw);
      tr.append(cell);
    }
    tr.addEventListener('click', () => setWord(r));
    return tr;
  }));
  // Keep the current word's row in view inside the table only (never scroll the page).
  const row = body.rows[state.word];
  const wrap = el.cellTable.parentElement;
  if (row) {
    const head = el.cellTable.tHead.offsetHeight;
    if (row.offsetTop - head < wrap.scrollTop) wrap.scrollTop = row.offsetTop - head;
    else if (row.offsetTop + row.offsetHeight > wrap.scrollTop + wrap.clientHeight) {
      wrap.scrollTop = row.offsetTop + row.offsetHeight - wrap.clientHeight;
    }
  }
  drawCellChart();
}

function drawCellChart() {
  const l = lstmSteps();
  const canvas = el.cellChart;
  const dpr = window.devicePixelRatio || 1;
  const cssW = Math.max(160, canvas.parentElement.clientWidth);
  const cssH = 120;
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  const pad = { l: 24, r: 6, t: 14, b: 6 };
  const w = cssW - pad.l - pad.r;
  const h = cssH - pad.t - pad.b;
  const n = l.steps.length;
  const X = (i) => pad.l + (n === 1 ? w / 2 : (i * w) / (n - 1));
  const Y = (v) => pad.t + ((1 - v) / 2) * h;
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#5d6875';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of [1, 0, -1]) {
    ctx.fillText(String(v), pad.l - 5, Y(v));
    ctx.strokeStyle = v === 0 ? '#c4ccd5' : '#eceff3';
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(pad.l, Y(v));
    ctx.lineTo(pad.l + w, Y(v));
    ctx.stroke();
  }
  ctx.strokeStyle = '#f59e0b';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(X(state.word), pad.t - 4);
  ctx.lineTo(X(state.word), pad.t + h);
  ctx.stroke();
  ctx.textAlign = 'left';
  ctx.textBaseline = 'top';
  let lx = pad.l;
  for (const g of GATES) {
    ctx.strokeStyle = LINE_COLOURS[g.key];
    ctx.lineWidth = g.key === 'hidden' ? 2.2 : 1.3;
    ctx.beginPath();
    l.steps.forEach((s, i) => (i ? ctx.lineTo(X(i), Y(s[g.key][state.cell])) : ctx.moveTo(X(i), Y(s[g.key][state.cell]))));
    ctx.stroke();
    const label = g.key === 'hidden' ? 'h' : g.key[0];
    ctx.fillStyle = LINE_COLOURS[g.key];
    ctx.fillRect(lx, 2, 10, 3);
    ctx.fillText(label, lx + 12, 0);
    lx += 30;
  }
}

// ---- camera mode ------------------------------------------------------------------------------
// The camera's frames, a few a second, downscaled and JPEG-encoded, go over a WebSocket to this
// page's own server, which answers each caption it makes as /v1/captions does. The server keeps
// only a client's newest frame while the model is busy, so the page may send at a steady rate.

const LIVE_FPS = 3;
const LIVE_MAX_SIDE = 320; // the models see 128-227 px; a smaller frame is quicker to send and decode
const LIVE_QUALITY = 0.85;

const live = {
  stream: null,       // the camera's MediaStream
  socket: null,       // the open WebSocket, or null
  timer: 0,           // the frame sender's interval
  paused: false,
  sent: 0,            // frames sent on this socket: the server numbers them the same way, from 1
  sentAt: new Map(),  // frame number -> when it was sent, for the round trip
  retry: 0,           // a reconnection's timeout
  capture: document.createElement('canvas'),
};

async function startCamera() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    showError('This browser gives the page no camera (it needs a page on localhost or https).');
    return;
  }
  if (!currentModel()) {
    showError('No model to caption with.');
    return;
  }
  stopPlay();
  clearError();
  try {
    live.stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
  } catch (e) {
    showError(`The camera could not be opened (${e.name}${e.message ? `: ${e.message}` : ''}).`);
    return;
  }
  state.live = true;
  state.result = null;
  live.paused = false;
  el.camera.srcObject = live.stream;
  el.camera.hidden = false;
  el.camera.addEventListener('loadedmetadata', drawPhoto, { once: true });
  el.camera.play().catch(() => {}); // muted video plays without a gesture; a refusal leaves the first frame
  el.drop.classList.add('live');
  el.drop.classList.remove('has-image');
  el.live.hidden = false;
  el.liveText.textContent = 'Waiting for the first caption…';
  el.liveStats.textContent = '';
  el.cameraButton.textContent = '■ Stop camera';
  el.cameraButton.setAttribute('aria-pressed', 'true');
  el.pause.hidden = false;
  setPaused(false);
  el.run.disabled = false;
  renderResult();
  liveConnect();
  live.timer = setInterval(sendFrame, 1000 / LIVE_FPS);
}

function stopCamera() {
  if (!state.live) return;
  state.live = false;
  clearInterval(live.timer);
  clearTimeout(live.retry);
  liveDisconnect();
  for (const track of live.stream ? live.stream.getTracks() : []) track.stop();
  live.stream = null;
  el.camera.srcObject = null;
  el.camera.hidden = true;
  el.live.hidden = true;
  el.pause.hidden = true;
  el.drop.classList.remove('live');
  el.drop.classList.toggle('has-image', !!state.file);
  el.cameraButton.textContent = '● Camera';
  el.cameraButton.setAttribute('aria-pressed', 'false');
  el.photo.style.height = '';
  state.result = null;
  el.run.disabled = !state.file;
  renderResult();
}

function liveUrl() {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const dir = location.pathname.replace(/[^/]*$/, '');
  return `${scheme}//${location.host}${dir}v1/live?${requestParams(currentModel())}`;
}

/** Opens a socket with the current options, replacing any open one. */
function liveConnect() {
  liveDisconnect();
  const socket = new WebSocket(liveUrl());
  live.socket = socket;
  live.sent = 0;
  live.sentAt.clear();
  socket.addEventListener('message', (e) => onLiveMessage(socket, e));
  socket.addEventListener('close', (e) => {
    if (live.socket !== socket) return; // replaced or stopped
    live.socket = null;
    if (!state.live) return;
    if (e.code === 1008) return; // refused options: the error message said why; a new socket would be refused too
    showError(`The live connection closed (${e.code}${e.reason ? `: ${e.reason}` : ''}); reconnecting…`);
    live.retry = setTimeout(() => {
      if (state.live && !live.socket) liveConnect();
    }, 1000);
  });
}

function liveDisconnect() {
  const socket = live.socket;
  live.socket = null;
  if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'done');
}

/** Sends the camera's current picture, unless paused or the last one has not left the browser yet. */
function sendFrame() {
  const socket = live.socket;
  const video = el.camera;
  if (live.paused || !socket || socket.readyState !== WebSocket.OPEN || !video.videoWidth) return;
  if (socket.bufferedAmount > 0) return; // a slow link: skip a tick rather than queue frames in the browser
  const scale = Math.min(1, LIVE_MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
  const c = live.capture;
  c.width = Math.round(video.videoWidth * scale);
  c.height = Math.round(video.videoHeight * scale);
  c.getContext('2d').drawImage(video, 0, 0, c.width, c.height);
  c.toBlob((blob) => {
    if (!blob || live.socket !== socket || socket.readyState !== WebSocket.OPEN) return;
    socket.send(blob);
    live.sent += 1;
    live.sentAt.set(live.sent, performance.now());
  }, 'image/jpeg', LIVE_QUALITY);
}

function onLiveMessage(socket, e) {
  if (live.socket !== socket || !state.live) return;
  let message;
  try {
    message = JSON.parse(e.data);
  } catch {
    return;
  }
  if (message.error) { // a bad frame or a busy server: the next frame may do
    showError(message.error);
    return;
  }
  clearError();
  const sentAt = live.sentAt.get(message.frame);
  for (const n of live.sentAt.keys()) if (n <= message.frame) live.sentAt.delete(n);
  if (live.paused) return; // a paused page keeps the caption it was paused on
  state.result = message;
  el.liveText.textContent = message.caption || '(empty caption)';
  el.live.dataset.frame = String(message.frame);
  const trip = sentAt === undefined ? '' : ` · round trip ${Math.round(performance.now() - sentAt)} ms`;
  el.liveStats.textContent = `frame ${message.frame} · server ${message.latency_ms} ms${trip} · ${message.dropped} dropped`;
  renderResult({ word: state.word });
}

function setPaused(paused) {
  live.paused = paused;
  el.pause.setAttribute('aria-pressed', String(paused));
  el.pause.textContent = paused ? '▶ Resume' : '❚❚ Pause';
}

function togglePause() {
  if (!state.live) return;
  setPaused(!live.paused);
  if (live.paused) {
    el.camera.pause();
  } else {
    el.camera.play().catch(() => {});
    if (!live.socket) liveConnect();
  }
}

/** In camera mode the <video> shows the picture; the photo canvas over it, transparent, has the latest caption's attention. */
function drawLiveOverlay() {
  const canvas = el.photo;
  const dpr = window.devicePixelRatio || 1;
  const cssW = Math.max(1, el.camera.clientWidth);
  const cssH = Math.max(1, el.camera.clientHeight);
  canvas.style.height = `${cssH}px`;
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  const ctx = canvas.getContext('2d');
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  // The video fills its box at its own aspect ratio, and the encoder saw the whole frame: the grid covers the box.
  drawAttention(canvas, ctx, 0, 0, cssW, cssH);
}

// ---- wiring -----------------------------------------------------------------------------------

el.file.addEventListener('change', () => takeFile(el.file.files[0]));
el.form.addEventListener('submit', (e) => {
  e.preventDefault();
  if (state.live) liveConnect(); // the socket's options are fixed: a new one takes the new options
  else caption();
});
el.model.addEventListener('change', () => {
  applyModelDefaults();
  if (state.live) liveConnect();
  else caption();
});
el.cameraButton.addEventListener('click', () => (state.live ? stopCamera() : startCamera()));
el.pause.addEventListener('click', togglePause);
el.beam.addEventListener('change', syncNBest);
el.showHeat.addEventListener('change', drawPhoto);
el.play.addEventListener('click', togglePlay);
el.sort.addEventListener('change', () => {
  computeOrder();
  renderStripImages();
});
document.addEventListener('keydown', onKey);

for (const type of ['dragenter', 'dragover']) {
  el.drop.addEventListener(type, (e) => {
    e.preventDefault();
    el.drop.classList.add('dragging');
  });
}
for (const type of ['dragleave', 'drop']) {
  el.drop.addEventListener(type, () => el.drop.classList.remove('dragging'));
}
el.drop.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = [...(e.dataTransfer?.files || [])][0];
  if (file) takeFile(file);
});
// A drop anywhere else must not navigate away from the page.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = [...(e.dataTransfer?.files || [])][0];
  if (file) takeFile(file);
});
window.addEventListener('paste', (e) => {
  const file = [...(e.clipboardData?.files || [])].find((f) => f.type.startsWith('image/'));
  if (file) takeFile(file);
});

let resizeFrame = 0;
new ResizeObserver(() => {
  cancelAnimationFrame(resizeFrame);
  resizeFrame = requestAnimationFrame(() => {
    drawPhoto();
    drawStrips();
    if (state.cell !== null && lstmSteps()) drawCellChart();
  });
}).observe(document.body);

checkHealth();
loadModels();
