/* The worklist table: filters and sort live in the address, so a reload or the back button keeps them. */
(function () {
  'use strict';
  const K = window.Kuayu;
  const STEPS = {review: '承辦審查／初審', approve: '核定', consolidate: '綜整會辦意見', jointReview: '會辦審查',
    jointReviewEscalated: '會辦審查（主管）', coSign: '會銜簽署', referralReview: '上級機關審查', referralRuling: '核示',
    scheduleInspection: '排定聯合會勘', recordInspection: '會勘紀錄'};
  const SIZE = 20;
  const form = document.getElementById('filters');
  const body = document.querySelector('#tasks tbody');
  let typeNames = {};
  let latest = 0;

  function state() {
    const p = new URLSearchParams(window.location.search);
    return {q: p.get('q') || '', caseType: p.get('caseType') || '', step: p.get('step') || '', holder: p.get('holder') || '',
      due: p.get('due') || '', sort: p.get('sort') || '-createdAt', page: Math.max(0, parseInt(p.get('page') || '0', 10) || 0)};
  }

  function go(changes) {
    const s = Object.assign(state(), changes);
    const p = new URLSearchParams();
    Object.entries(s).forEach(([k, v]) => { if (v !== '' && !(k === 'page' && v === 0)) p.set(k, v); });
    window.history.pushState(null, '', '/worklist' + (p.toString() ? '?' + p : ''));
    load();
  }

  function query(s) {
    const p = new URLSearchParams({page: s.page, size: SIZE, sort: s.sort});
    if (s.q) p.set('q', s.q);
    if (s.caseType) p.set('caseType', s.caseType);
    if (s.step) p.set('step', s.step);
    if (s.holder === 'mine') p.set('mine', 'true');
    if (s.holder === 'unassigned') p.set('unassigned', 'true');
    if (s.holder === 'all') p.set('includeHeldByOthers', 'true');
    if (s.due === 'overdue') p.set('overdue', 'true');
    else if (s.due) p.set('dueWithinDays', s.due);
    return p;
  }

  function row(item) {
    const tr = K.el('tr');
    const link = K.el('a', item.caseNo, {href: '/worklist/cases/' + encodeURIComponent(item.caseId) + '?task=' + encodeURIComponent(item.id)});
    const no = K.el('td');
    no.append(link);
    tr.append(no, K.el('td', typeNames[item.caseType] || item.caseType));
    const applicant = K.el('td', item.applicantName);
    applicant.append(K.el('br'), K.el('span', item.applicantNationalId, {class: 'muted'}));
    tr.append(applicant, K.el('td', item.name || item.step), K.el('td', item.assignee || '未簽收'));
    const received = K.el('td', K.date(item.receivedAt));
    received.append(K.el('br'), K.el('span', '派送 ' + K.date(item.createdAt), {class: 'muted'}));
    const c = K.clock(item);
    const due = K.el('td', K.date(item.caseDueAt));
    due.append(K.el('br'), K.el('span', c.text, c.late ? {class: 'late'} : {class: 'muted'}));
    if (item.dueAt && item.dueAt !== item.caseDueAt) {
      due.append(K.el('br'), K.el('span', '本步驟期限 ' + K.date(item.dueAt), {class: 'muted'}));
    }
    tr.append(received, due);
    if (c.late) tr.classList.add('overdue');
    return tr;
  }

  async function load() {
    const s = state();
    ['q', 'caseType', 'step', 'holder', 'due'].forEach(k => { form.elements[k].value = s[k]; });
    document.querySelectorAll('th[data-sort]').forEach(th => {
      const key = th.dataset.sort;
      th.setAttribute('aria-sort', s.sort === key ? 'ascending' : s.sort === '-' + key ? 'descending' : 'none');
    });
    K.status('載入中…');
    const mine = ++latest;
    try {
      const page = await K.api('GET', '/api/tasks?' + query(s));
      if (mine !== latest) return; // a newer search has been asked for; its answer wins
      body.replaceChildren(...page.items.map(row));
      page.items.forEach(i => addOption('step', i.step, STEPS[i.step] || i.name));
      const pages = Math.max(1, Math.ceil(page.total / SIZE));
      // past the count's cap the server says "at least": the page count is then open-ended
      document.getElementById('pageinfo').textContent = page.totalExact
        ? '第 ' + (s.page + 1) + ' / ' + pages + ' 頁，共 ' + page.total + ' 件'
        : '第 ' + (s.page + 1) + ' 頁，共 ' + page.total + ' 件以上';
      document.getElementById('prev').disabled = s.page === 0;
      document.getElementById('next').disabled = page.totalExact ? s.page + 1 >= pages : page.items.length < SIZE;
      K.status(page.total === 0 ? '沒有符合條件的待辦任務。' : '');
    } catch (e) {
      if (mine === latest) K.status(e.message, true);
    }
  }

  function addOption(select, value, label) {
    const box = form.elements[select];
    if (value && ![...box.options].some(o => o.value === value)) box.append(K.el('option', label, {value}));
  }

  form.addEventListener('submit', e => {
    e.preventDefault();
    const f = form.elements;
    go({q: f.q.value.trim(), caseType: f.caseType.value, step: f.step.value, holder: f.holder.value, due: f.due.value, page: 0});
  });
  form.addEventListener('reset', e => {
    e.preventDefault();
    window.history.pushState(null, '', '/worklist');
    load();
  });
  document.querySelectorAll('th[data-sort] button').forEach(b => b.addEventListener('click', () => {
    const key = b.parentElement.dataset.sort;
    go({sort: state().sort === key ? '-' + key : key, page: 0});
  }));
  document.getElementById('prev').addEventListener('click', () => go({page: state().page - 1}));
  document.getElementById('next').addEventListener('click', () => go({page: state().page + 1}));
  window.addEventListener('popstate', load);

  Object.entries(STEPS).forEach(([k, v]) => addOption('step', k, v));
  K.api('GET', '/api/case-types').then(types => {
    types.forEach(t => { typeNames[t.key] = t.name; addOption('caseType', t.key, t.name); });
    form.elements.caseType.value = state().caseType;
    load();
  }, () => load());
})();
