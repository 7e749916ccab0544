/* The managers' SLA dashboard: fills the server-rendered shell from /api/sla/* (textContent only). Filters live in the address. */
(function () {
  'use strict';
  const K = window.Kuayu;
  const FILTERS = ['from', 'to', 'agency', 'caseType'];
  const form = document.getElementById('filters');
  const stepSelect = document.getElementById('step');
  const charts = {};
  let trend = null;

  const percent = rate => rate === null || rate === undefined ? '—' : (Math.round(rate * 1000) / 10) + '%';
  const days = hours => hours === null || hours === undefined ? '—' : (Math.round(hours / 2.4) / 10).toFixed(1);

  function params(extra) {
    const query = new URLSearchParams();
    const address = new URLSearchParams(window.location.search);
    FILTERS.forEach(name => { if (address.get(name)) query.set(name, address.get(name)); });
    Object.entries(extra || {}).forEach(([k, v]) => { if (v) query.set(k, v); });
    return query;
  }

  function chart(id) {
    if (!window.echarts) return null;
    if (!charts[id]) charts[id] = window.echarts.init(document.getElementById(id), null, {renderer: 'canvas'});
    return charts[id];
  }

  function fill(tbody, rows, empty, columns) {
    tbody.replaceChildren();
    if (rows.length === 0) {
      const tr = K.el('tr');
      tr.appendChild(K.el('td', empty, {colspan: String(columns), class: 'muted'}));
      tbody.appendChild(tr);
    }
    rows.forEach(cells => {
      const tr = K.el('tr');
      cells.forEach((cell, i) => {
        const td = K.el(i === 0 ? 'th' : 'td', undefined, i === 0 ? {scope: 'row'} : {});
        if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell === null || cell === undefined ? '—' : String(cell);
        tr.appendChild(td);
      });
      tbody.appendChild(tr);
    });
  }

  function summary(s) {
    document.getElementById('asof').textContent = K.time(s.asOf);
    document.getElementById('kpi-received').textContent = s.total.received;
    document.getElementById('kpi-decided').textContent = s.total.decided;
    document.getElementById('kpi-rate').textContent = percent(s.total.onTimeRate);
    document.getElementById('kpi-open').textContent = s.total.open;
    document.getElementById('kpi-overdue').textContent = s.total.overdueOpen;
    const line = (level, l) => [level, l.name, l.received, l.decided, l.decidedOnTime, percent(l.onTimeRate), l.withdrawn, l.open, l.overdueOpen];
    fill(document.querySelector('#summary tbody'),
      s.byAgency.map(l => line('機關', l)).concat(s.byCaseType.map(l => line('案件類型', l))), '此期間沒有收件。', 9);
  }

  function drawTrend() {
    if (!trend) return;
    const by = document.querySelector('input[name="trendBy"]:checked').value;
    const series = trend[by];
    const head = document.querySelector('#trend thead tr');
    head.replaceChildren(K.el('th', by === 'byAgency' ? '機關' : '案件類型', {scope: 'col'}));
    trend.months.forEach(m => head.appendChild(K.el('th', m, {scope: 'col'})));
    fill(document.querySelector('#trend tbody'), series.map(s => [s.name].concat(s.points.map(p =>
      p.decided === 0 ? '—（未有結案）' : percent(p.onTimeRate) + '（' + p.decidedOnTime + '／' + p.decided + '）'))),
      '此期間沒有收件。', trend.months.length + 1);
    const c = chart('trend-chart');
    if (!c) return;
    c.setOption({
      animation: false,
      tooltip: {trigger: 'axis', renderMode: 'richText', valueFormatter: v => v === null || v === undefined ? '—' : v + '%'},
      legend: {type: 'scroll', top: 0},
      grid: {left: 48, right: 24, top: 40, bottom: 32},
      xAxis: {type: 'category', data: trend.months},
      yAxis: {type: 'value', min: 0, max: 100, axisLabel: {formatter: '{value}%'}, name: '如期率'},
      series: series.map(s => ({name: s.name, type: 'line', connectNulls: true, symbolSize: 8,
        data: s.points.map(p => p.onTimeRate === null ? null : Math.round(p.onTimeRate * 1000) / 10)}))
    }, true);
  }

  function bottlenecks(b) {
    const rows = b.rows;
    fill(document.querySelector('#bottlenecks tbody'), rows.map(r => [r.stepName || r.step, r.agencyName || '—', r.tasks,
      days(r.avgHeldHours), days(r.maxHeldHours), r.open, r.openOverdue, r.completedLate, days(r.oldestOpenHours), percent(r.share)]),
      '此期間沒有任務。', 10);
    if (!b.step) {
      const chosen = stepSelect.value;
      const steps = new Map();
      rows.forEach(r => steps.set(r.step, r.stepName || r.step));
      stepSelect.replaceChildren(K.el('option', '全部步驟', {value: ''}));
      [...steps.entries()].sort((x, y) => x[1].localeCompare(y[1], 'zh-TW'))
        .forEach(([key, name]) => stepSelect.appendChild(K.el('option', name + '（' + key + '）', {value: key})));
      stepSelect.value = chosen;
    }
    const c = chart('bottleneck-chart');
    if (!c) return;
    const top = rows.slice(0, 10).reverse();
    c.setOption({
      animation: false,
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, renderMode: 'richText', valueFormatter: v => v + ' 日'},
      grid: {left: 8, right: 40, top: 16, bottom: 24, containLabel: true},
      xAxis: {type: 'value', name: '日', axisLabel: {formatter: '{value}'}},
      yAxis: {type: 'category', data: top.map(r => (r.stepName || r.step) + '（' + (r.agencyName || '—') + '）')},
      series: [{name: '平均停留（日）', type: 'bar', data: top.map(r => Number(days(r.avgHeldHours))),
        label: {show: true, position: 'right'}}]
    }, true);
  }

  function steps(d) {
    fill(document.querySelector('#steps tbody'), d.steps.map(s => [s.stepName || s.step, s.agencyName || '—', s.completed, s.late,
      s.p50WorkingDays, s.p90WorkingDays, s.p50Hours, s.p90Hours]), '此期間沒有已完成的任務。', 8);
    const note = document.getElementById('steps-note');
    note.textContent = d.sampled ? '此期間的已完成任務超過 ' + d.tasksRead + ' 筆，本表依最近完成的 ' + d.tasksRead
      + ' 筆計算；請縮小期間或指定機關、案件類型以涵蓋全部。' : '';
    note.hidden = !d.sampled;
  }

  function overdue(page) {
    document.getElementById('overdue-count').textContent = '共 ' + page.total + ' 件，列出最久的 ' + page.items.length + ' 件。';
    fill(document.querySelector('#overdue tbody'), page.items.map(i => [
      K.el('a', i.caseNo, {href: '/worklist/cases/' + encodeURIComponent(i.caseId)}), i.caseTypeName, i.ownerAgencyName,
      K.date(i.dueAt), i.workingDaysOverdue + (i.clockStopped ? '（補正中，停止計算）' : ''),
      i.currentSteps.map(s => s.name + '（' + (s.agencyName || '—') + '）').join('、') || '—']), '沒有逾期的未結案件。', 6);
  }

  function csvLinks() {
    document.querySelectorAll('a.csv').forEach(a => {
      const query = params({format: 'csv', step: a.dataset.report === 'bottlenecks' ? stepSelect.value : ''});
      a.href = '/api/sla/' + a.dataset.report + '?' + query.toString();
    });
  }

  async function loadBottlenecks() {
    const b = await K.api('GET', '/api/sla/bottlenecks?' + params({step: stepSelect.value}));
    bottlenecks(b);
    csvLinks();
  }

  async function load() {
    const address = new URLSearchParams(window.location.search);
    FILTERS.forEach(name => { form.elements[name].value = address.get(name) || ''; });
    stepSelect.value = address.get('step') || '';
    csvLinks();
    K.status('載入中…');
    try {
      const query = params();
      const [s, t, d, o] = await Promise.all([K.api('GET', '/api/sla/summary?' + query), K.api('GET', '/api/sla/trend?' + query),
        K.api('GET', '/api/sla/steps?' + query), K.api('GET', '/api/sla/overdue?' + params({size: '10'}))]);
      summary(s);
      trend = t;
      drawTrend();
      steps(d);
      overdue(o);
      const all = await K.api('GET', '/api/sla/bottlenecks?' + query);
      bottlenecks(all);
      if (stepSelect.value) await loadBottlenecks();
      K.status(window.echarts ? '' : '圖表元件未能載入，以下表格仍為完整數字。');
    } catch (e) {
      K.status(e.message, true);
    }
  }

  form.addEventListener('submit', event => {
    event.preventDefault();
    const query = new URLSearchParams();
    FILTERS.forEach(name => { if (form.elements[name].value) query.set(name, form.elements[name].value); });
    if (stepSelect.value) query.set('step', stepSelect.value);
    window.history.pushState(null, '', '/sla' + (query.toString() ? '?' + query : ''));
    load();
  });
  form.addEventListener('reset', () => {
    window.setTimeout(() => { window.history.pushState(null, '', '/sla'); load(); }, 0);
  });
  stepSelect.addEventListener('change', () => {
    const query = new URLSearchParams(window.location.search);
    if (stepSelect.value) query.set('step', stepSelect.value); else query.delete('step');
    window.history.replaceState(null, '', '/sla' + (query.toString() ? '?' + query : ''));
    loadBottlenecks().catch(e => K.status(e.message, true));
  });
  document.querySelectorAll('input[name="trendBy"]').forEach(r => r.addEventListener('change', drawTrend));
  window.addEventListener('popstate', load);
  window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
  load();
})();
