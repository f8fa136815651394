// Ledger dashboard: plain JavaScript, no libraries. Charts are SVG built with DOM calls and text
// goes in with textContent, so the page's content policy (scripts and styles from this origin
// only, nothing inline) holds and no API value is ever parsed as HTML.
'use strict';

const REFRESH_MS = 10000; // read models
const METRICS_MS = 2000; // /metrics
const HISTORY = 60; // live samples kept (2 minutes)
const KEY_STORAGE = 'ledger.apiKey';
const SVG = 'http://www.w3.org/2000/svg';
const $ = id => document.getElementById(id);

// ---------- API key ----------

// For automation, /dashboard#key=sk_test_... : browsers never send the fragment to a server, so
// the key reaches only this tab. It is moved to sessionStorage and out of the address bar.
function keyFromFragment() {
  const key = new URLSearchParams(location.hash.slice(1)).get('key');
  if (key) {
    sessionStorage.setItem(KEY_STORAGE, key);
    history.replaceState(null, '', location.pathname + location.search);
  }
}

const apiKey = () => sessionStorage.getItem(KEY_STORAGE);

function say(text, isError = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', isError);
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${apiKey()}` }, cache: 'no-store' });
  if (response.status === 401) {
    throw new Error('the API key was refused');
  }
  if (!response.ok) {
    throw new Error(`${path} answered ${response.status}`);
  }
  return response.json();
}

// ---------- drawing ----------

function svg(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, value);
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

// A line over equally spaced values, with a dot (and tooltip) per value and its max labelled.
function lineChart(values, { title, format, labels = [] }) {
  const width = 600, height = 150, left = 8, top = 22, bottom = 20;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  const max = Math.max(...values, 0), min = Math.min(...values, 0);
  const x = i => left + (values.length < 2 ? 0 : (i * (width - 2 * left)) / (values.length - 1));
  const y = v => top + ((max - v) * (height - top - bottom)) / (max - min || 1);
  chart.append(svg('text', { x: left, y: 14, class: 'label' }, `${title} · max ${format(max)}`));
  chart.append(svg('line', { x1: left, x2: width - left, y1: y(0), y2: y(0), class: 'axis' }));
  chart.append(svg('polyline', { points: values.map((v, i) => `${x(i)},${y(v)}`).join(' '), class: 'line' }));
  values.forEach((v, i) => {
    const dot = svg('circle', { cx: x(i), cy: y(v), r: 2.5, class: 'dot', 'data-value': v });
    dot.append(svg('title', {}, `${labels[i] ?? ''} ${format(v)}`.trim()));
    chart.append(dot);
  });
  if (labels.length) {
    chart.append(svg('text', { x: left, y: height - 4, class: 'label' }, labels[0]));
    chart.append(svg('text', { x: width - left, y: height - 4, class: 'label end' }, labels[labels.length - 1]));
  }
  return chart;
}

// Horizontal bars, one per row: [{label, value, text, kind}]. Each bar carries its value.
function barChart(rows) {
  const width = 600, row = 26, labelWidth = 150, valueWidth = 130;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${row * rows.length + 4}`, role: 'img' });
  const max = Math.max(...rows.map(r => Math.abs(r.value)), 1);
  rows.forEach((r, i) => {
    const y = i * row + 4;
    chart.append(svg('text', { x: 0, y: y + 16, class: 'label' }, r.label));
    chart.append(svg('rect', {
      x: labelWidth, y, height: row - 8, class: `bar ${r.kind}`, 'data-kind': r.kind, 'data-value': r.value,
      width: Math.max(1, (Math.abs(r.value) * (width - labelWidth - valueWidth)) / max),
    }));
    chart.append(svg('text', { x: width, y: y + 16, class: 'label end' }, r.text));
  });
  return chart;
}

function money(minor, currency) {
  const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
  return format.format(minor / 10 ** format.resolvedOptions().maximumFractionDigits);
}

// ---------- read models ----------

async function drawVolume() {
  const interval = $('interval').value;
  const body = await api(`/v1/dashboard/volume?interval=${interval}`);
  const step = interval === 'hour' ? 3600e3 : 86400e3;
  const from = Date.parse(body.from);
  const slots = Math.max(1, Math.ceil((Date.parse(body.to) - from) / step));
  const labels = Array.from({ length: slots }, (_, i) => {
    const at = new Date(from + i * step).toISOString();
    return interval === 'hour' ? `${at.slice(5, 10)} ${at.slice(11, 16)}Z` : at.slice(0, 10);
  });
  const series = new Map(); // currency -> net per slot (the API leaves out empty buckets)
  for (const bucket of body.data) {
    const values = series.get(bucket.currency) ?? new Array(slots).fill(0);
    values[Math.floor((Date.parse(bucket.start) - from) / step)] = bucket.net;
    series.set(bucket.currency, values);
  }
  const panel = $('volume');
  panel.replaceChildren(...[...series].map(([currency, values]) => {
    const chart = lineChart(values, { title: `${currency} net`, format: v => money(v, currency), labels });
    chart.dataset.currency = currency;
    chart.dataset.points = body.data.filter(b => b.currency === currency).length;
    return chart;
  }));
  if (!series.size) {
    panel.append(Object.assign(document.createElement('p'), { className: 'note', textContent: 'No captured volume in this period.' }));
  }
  panel.dataset.points = body.data.length;
  panel.dataset.currencies = [...series.keys()].join(',');
}

async function drawStatusMix() {
  const body = await api('/v1/dashboard/statuses');
  const panel = $('status-mix');
  panel.replaceChildren(barChart(body.data.map(s => ({ label: s.status, value: s.count, text: String(s.count), kind: s.status }))));
  for (const s of body.data) {
    panel.dataset[s.status] = s.count;
  }
  panel.dataset.total = body.data.reduce((sum, s) => sum + s.count, 0);
}

async function drawBalances() {
  const body = await api('/v1/balance');
  const rows = [];
  for (const kind of ['available', 'pending']) {
    for (const b of body[kind]) {
      rows.push({ label: `${b.currency} ${kind}`, value: b.amount, text: money(b.amount, b.currency), kind });
    }
  }
  rows.sort((a, b) => a.label.localeCompare(b.label));
  const panel = $('balances');
  panel.replaceChildren(barChart(rows));
  panel.dataset.currencies = body.available.map(b => b.currency).join(',');
}

async function refresh() {
  if (!apiKey()) {
    say('Enter an API key to see this merchant’s data.');
    return;
  }
  try {
    await Promise.all([drawVolume(), drawStatusMix(), drawBalances()]);
    say(`Updated ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`);
  } catch (error) {
    say(`Could not load: ${error.message}`, true);
  }
}

// ---------- live requests from /metrics ----------

const DURATION = 'http_server_request_duration_seconds';

// Totals over every series of the request-duration histogram (all routes, methods, statuses).
function requestHistogram(text) {
  const totals = { count: 0, sum: 0, buckets: new Map() }; // le -> cumulative count
  for (const line of text.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || !match[1].startsWith(DURATION)) {
      continue;
    }
    const [, name, labels, raw] = match;
    const value = Number(raw);
    if (name === `${DURATION}_count`) {
      totals.count += value;
    } else if (name === `${DURATION}_sum`) {
      totals.sum += value;
    } else if (name === `${DURATION}_bucket`) {
      const le = /le="([^"]+)"/.exec(labels)[1];
      totals.buckets.set(le, (totals.buckets.get(le) ?? 0) + value);
    }
  }
  return totals;
}

// The q-quantile in seconds from cumulative bucket counts, interpolated inside its bucket.
// In the +Inf bucket all we know is "above the last bound", so that bound is returned.
function quantile(buckets, q) {
  const sorted = [...buckets].map(([le, n]) => [le === '+Inf' ? Infinity : Number(le), n]).sort((a, b) => a[0] - b[0]);
  const total = sorted.length ? sorted[sorted.length - 1][1] : 0;
  let lower = 0, below = 0;
  for (const [bound, cumulative] of sorted) {
    if (total > 0 && cumulative >= q * total) {
      return bound === Infinity ? lower : lower + ((bound - lower) * (q * total - below)) / (cumulative - below || 1);
    }
    lower = bound;
    below = cumulative;
  }
  return NaN;
}

let previous = null;
const samples = [];

async function pollMetrics() {
  let now;
  let totals;
  try {
    const response = await fetch('/metrics', { cache: 'no-store' });
    now = performance.now();
    totals = requestHistogram(await response.text());
  } catch {
    return; // the next poll tries again
  }
  // A smaller count means another node or a restart answered: start over from this scrape.
  if (previous && totals.count >= previous.count && now > previous.at) {
    const served = totals.count - previous.count;
    const window = new Map([...totals.buckets].map(([le, n]) => [le, n - (previous.buckets.get(le) ?? 0)]));
    samples.push({
      rate: served / ((now - previous.at) / 1000),
      meanMs: served ? ((totals.sum - previous.sum) / served) * 1000 : NaN,
      p50Ms: quantile(window, 0.5) * 1000,
      p95Ms: quantile(window, 0.95) * 1000,
    });
    samples.splice(0, samples.length - HISTORY);
    drawLive();
  }
  previous = { ...totals, at: now };
}

function drawLive() {
  const last = samples[samples.length - 1];
  const ms = v => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
  $('live-figures').textContent =
    `${last.rate.toFixed(1)} req/s · mean ${ms(last.meanMs)} · p50 ≈ ${ms(last.p50Ms)} · p95 ≈ ${ms(last.p95Ms)}`;
  const panel = $('live');
  panel.replaceChildren(
    lineChart(samples.map(s => s.rate), { title: 'requests/s', format: v => v.toFixed(1) }),
    lineChart(samples.map(s => (Number.isFinite(s.p95Ms) ? s.p95Ms : 0)), { title: 'p95 latency (ms)', format: v => v.toFixed(1) }));
  panel.dataset.samples = samples.length;
  panel.dataset.rate = last.rate.toFixed(3);
  panel.dataset.meanMs = Number.isFinite(last.meanMs) ? last.meanMs.toFixed(3) : '';
  panel.dataset.p95Ms = Number.isFinite(last.p95Ms) ? last.p95Ms.toFixed(3) : '';
}

// ---------- start ----------

document.addEventListener('DOMContentLoaded', () => {
  keyFromFragment();
  $('key-form').addEventListener('submit', event => {
    event.preventDefault();
    sessionStorage.setItem(KEY_STORAGE, $('key').value.trim());
    $('key').value = '';
    refresh();
  });
  $('forget').addEventListener('click', () => {
    sessionStorage.removeItem(KEY_STORAGE);
    location.reload();
  });
  $('interval').addEventListener('change', refresh);
  refresh();
  setInterval(refresh, REFRESH_MS);
  pollMetrics();
  setInterval(pollMetrics, METRICS_MS);
});
