// Dumont dashboard: plain JS, data from the server's REST API, live through the event stream (SSE over fetch, so
// the API key travels in a header, never in a URL).
(function () {
  'use strict';
  const $ = (s) => document.querySelector(s);
  let key = sessionStorage.getItem('dumont-key') || '';
  const spend = [[], []];
  let chart = null;
  const FAILOVER = ['interrupted', 'failover_started', 'failover_completed', 'degraded_serving', 'launched', 'healthy'];

  function headers() { return key ? { 'Authorization': 'Bearer ' + key } : {}; }

  async function api(path) {
    const r = await fetch(path, { headers: headers() });
    const body = await r.json().catch(() => ({}));
    if (!r.ok) throw new Error(body.detail || ('HTTP ' + r.status));
    return body;
  }

  function cell(tr, v, cls) {
    const td = document.createElement('td');
    td.textContent = v === null || v === undefined ? '-' : String(v);
    if (cls) td.className = cls;
    tr.appendChild(td);
  }

  function fill(id, rows, cols) {
    const tb = $(id + ' tbody');
    tb.replaceChildren();
    for (const row of rows) {
      const tr = document.createElement('tr');
      for (const c of cols) { const v = c(row); Array.isArray(v) ? cell(tr, v[0], v[1]) : cell(tr, v); }
      tb.appendChild(tr);
    }
  }

  function showError(e) {
    const p = $('#error');
    if (e) { p.textContent = e.message || String(e); p.hidden = false; } else { p.hidden = true; }
  }

  async function refresh() {
    try {
      const providers = (await api('/api/v1/providers')).providers;
      let instances = [];
      for (const p of providers) {
        const r = await api('/api/v1/providers/' + encodeURIComponent(p.id) + '/instances');
        instances = instances.concat(r.instances);
      }
      const live = instances.filter((i) => i.status !== 'terminated');
      const byState = {};
      live.forEach((i) => { const k = i.provider + ' ' + i.status; byState[k] = (byState[k] || 0) + 1; });
      const rate = live.filter((i) => i.status === 'running').reduce((a, i) => a + (i.cost_per_hour || 0), 0);
      $('#fleet-summary').textContent = Object.entries(byState).map(([k, n]) => n + ' ' + k).join(', ')
        + (live.length ? ' — $' + rate.toFixed(4) + '/h running' : 'no instances');
      fill('#fleet', live, [(i) => i.instance_id, (i) => i.provider, (i) => [i.status, 'state-' + i.status],
        (i) => i.gpu_name, (i) => (i.cost_per_hour || 0).toFixed(4), (i) => i.machine_type, (i) => i.region,
        (i) => i.template_name]);
      const deps = (await api('/api/v1/deployments').catch(() => ({ deployments: [] }))).deployments;
      fill('#deployments', deps, [(d) => d.id, (d) => [d.phase, 'state-' + d.phase],
        (d) => d.healthy_replicas + '/' + d.replicas,
        (d) => d.slots.map((s) => s.slot + ':' + s.phase + (s.instance_id ? '@' + s.instance_id : '')).join(' '),
        (d) => d.failovers, (d) => (d.spend || 0).toFixed(4)]);
      const eps = (await api('/api/v1/serverless/endpoints').catch(() => ({ endpoints: [] }))).endpoints;
      fill('#endpoints', eps, [(e) => e.id, (e) => e.template, (e) => [e.status, 'state-' + e.status],
        (e) => e.auto_scaling.ready_instances + '/' + e.auto_scaling.current_instances
          + ' (' + e.auto_scaling.min + '..' + e.auto_scaling.max + ')',
        (e) => e.metrics && e.metrics.p50_latency_ms, (e) => e.metrics && e.metrics.p99_latency_ms,
        (e) => e.metrics && e.metrics.cold_starts_24h, (e) => e.url]);
      const costs = await api('/api/v1/costs').catch(() => null);
      if (costs) plotSpend(costs.total);
      showError(null);
    } catch (e) {
      showError(e);
    }
  }

  function plotSpend(total) {
    spend[0].push(Date.now() / 1000);
    spend[1].push(total);
    if (spend[0].length > 720) { spend[0].shift(); spend[1].shift(); }
    if (typeof uPlot === 'undefined') return;
    if (!chart) {
      chart = new uPlot({ width: 480, height: 200, series: [{}, { label: 'spend $', stroke: '#2b6cb0' }] },
        spend, $('#spend-chart'));
    } else {
      chart.setData(spend);
    }
  }

  function addEvent(ev) {
    if (!FAILOVER.includes(ev.type)) return;
    const li = document.createElement('li');
    li.className = ev.type;
    const extra = ['slot', 'instance', 'failed_instance', 'strategy'].filter((k) => ev[k]).map((k) => k + '=' + ev[k]);
    li.textContent = (ev.at || '').replace('T', ' ').replace('Z', '') + ' ' + ev.deployment + ' ' + ev.type
      + (extra.length ? ' (' + extra.join(', ') + ')' : '');
    $('#timeline').prepend(li);
  }

  async function events() {
    for (;;) {
      try {
        const r = await fetch('/api/v1/events', { headers: headers() });
        if (!r.ok) throw new Error('events: HTTP ' + r.status);
        $('#conn').textContent = 'live'; $('#conn').className = 'pill on';
        const reader = r.body.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i); buf = buf.slice(i + 2);
            const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('');
            if (data) { try { addEvent(JSON.parse(data)); refreshSoon(); } catch (e) { /* not JSON */ } }
          }
        }
      } catch (e) {
        /* retried below */
      }
      $('#conn').textContent = 'offline'; $('#conn').className = 'pill off';
      await new Promise((ok) => setTimeout(ok, 3000));
    }
  }

  let pending = null;
  function refreshSoon() { if (!pending) pending = setTimeout(() => { pending = null; refresh(); }, 300); }

  $('#keyform').addEventListener('submit', (e) => {
    e.preventDefault();
    key = $('#key').value.trim();
    sessionStorage.setItem('dumont-key', key);
    $('#key').value = '';
    refresh();
  });
  refresh();
  setInterval(refresh, 5000);
  events();
})();
