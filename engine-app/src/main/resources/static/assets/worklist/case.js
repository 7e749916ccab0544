/* The case page: what the case view API shows the caller, and the task from the worklist with its actions. */
(function () {
  'use strict';
  const K = window.Kuayu;
  const caseId = document.getElementById('main').dataset.case;
  const taskId = new URLSearchParams(window.location.search).get('task');
  const FIELD_LABELS = {inspectionDate: '會勘日期'};

  function definitions(target, data) {
    target.replaceChildren();
    Object.entries(data || {}).forEach(([k, v]) => {
      target.append(K.el('dt', k), K.el('dd', typeof v === 'object' && v !== null ? JSON.stringify(v) : v));
    });
  }

  function evidence(records) {
    const box = document.getElementById('evidence');
    box.replaceChildren();
    if (!records.length) box.append(K.el('p', '尚無調閱紀錄。'));
    records.forEach(e => {
      const card = K.el('article', null, {class: 'evidence'});
      card.append(K.el('h3', e.sourceAgency + '：' + e.recordType));
      const meta = K.el('p', '調閱時間 ' + K.time(e.fetchedAt) + '；資料日期 ' + K.date(e.asOf) + '；'
        + (e.found ? '查有資料' : '查無資料'), {class: 'muted'});
      const data = K.el('dl');
      definitions(data, e.data);
      card.append(meta, data, K.el('p', 'SHA-256 ' + e.sha256, {class: 'muted'}));
      box.append(card);
    });
  }

  function renderHistory(opinions) {
    const box = document.getElementById('history');
    box.replaceChildren();
    if (!opinions.length) {
      box.append(K.el('p', '尚無意見。'));
      return;
    }
    const table = K.el('table');
    const head = K.el('tr');
    ['時間', '機關', '步驟', '辦理人', '處理方式', '意見'].forEach(h => head.append(K.el('th', h, {scope: 'col'})));
    table.append(K.el('caption', '依時間先後'), K.el('thead'), K.el('tbody'));
    table.tHead.append(head);
    opinions.forEach(o => {
      const tr = K.el('tr');
      [K.time(o.at), o.agency, o.stepName || o.step, o.userId, K.action(o.action), o.opinion || '—']
        .forEach(v => tr.append(K.el('td', v)));
      table.tBodies[0].append(tr);
    });
    const wrap = K.el('div', null, {class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': '意見與歷程'});
    wrap.append(table);
    box.append(wrap);
  }

  async function colleagues(task) {
    const select = document.getElementById('colleague');
    try {
      const list = await K.api('GET', '/api/tasks/' + encodeURIComponent(task.id) + '/candidates');
      select.replaceChildren(K.el('option', '請選擇', {value: ''}),
        ...list.filter(c => c.id !== task.assignee).map(c => K.el('option', c.name ? c.name + '（' + c.id + '）' : c.id, {value: c.id})));
    } catch (e) {
      select.replaceChildren();
    }
  }

  function showTask(view, me) {
    const task = view.tasks.find(t => t.id === taskId);
    const section = document.getElementById('task');
    if (!task) {
      section.hidden = true;
      if (taskId) K.status('此任務已辦理完成或不在您的待辦中。');
      return;
    }
    section.hidden = false;
    document.getElementById('task-h').textContent = '本步驟辦理：' + (task.name || task.step);
    document.getElementById('holder').textContent = (task.assignee ? '承辦人：' + task.assignee : '尚未簽收')
      + '；期限 ' + K.date(task.dueAt);
    const heldByOther = task.assignee && task.assignee !== me;
    document.getElementById('claim').hidden = !!task.assignee;
    document.getElementById('unclaim').hidden = !task.assignee || heldByOther;
    document.getElementById('delegate').hidden = heldByOther;
    document.getElementById('complete').hidden = heldByOther;
    const actions = document.getElementById('actions');
    actions.replaceChildren();
    task.actions.forEach((a, i) => {
      const id = 'action-' + a;
      const radio = K.el('input', null, {type: 'radio', name: 'action', id, value: a});
      if (i === 0) radio.required = true;
      const label = K.el('label', K.action(a), {for: id, class: 'radio'});
      const line = K.el('div');
      line.append(radio, label);
      actions.append(line);
    });
    const fields = document.getElementById('fields');
    fields.replaceChildren();
    (task.fields || []).forEach(f => {
      fields.append(K.el('label', FIELD_LABELS[f] || f, {for: 'field-' + f}),
        K.el('input', null, {id: 'field-' + f, name: f, type: f.endsWith('Date') ? 'date' : 'text', 'data-field': f}));
    });
    if (!heldByOther) colleagues(task);
  }

  async function load(message) {
    try {
      const view = await K.api('GET', '/api/cases/' + encodeURIComponent(caseId));
      document.title = view.caseNo + ' · 跨域 Kuayu';
      document.getElementById('title').textContent = view.caseNo + '　' + view.caseTypeName + '（' + K.caseStatus(view.status) + '）';
      const app = document.getElementById('application');
      definitions(app, Object.assign({'申請人': view.applicant.name + '（' + view.applicant.nationalId + '）',
        '收件日期': K.date(view.receivedAt), '法定處理期限': K.date(view.dueAt)}, view.data));
      if (view.eligibility) {
        app.append(K.el('dt', '資格初審'), K.el('dd', (view.eligibility.eligible ? '符合' : '不符合')
          + (view.eligibility.reason ? '：' + view.eligibility.reason : '')));
      }
      (view.problems || []).forEach(p => app.append(K.el('dt', '異常'), K.el('dd', p.message)));
      evidence(view.evidence);
      renderHistory(view.opinions);
      const open = document.getElementById('open');
      open.replaceChildren(...view.tasks.map(t => K.el('li', (t.name || t.step) + '（' + t.agency + '）'
        + (t.assignee ? '，承辦人 ' + t.assignee : '，未簽收'))));
      if (!view.tasks.length) open.append(K.el('li', '無'));
      showTask(view, document.querySelector('header span').textContent);
      K.status(message || '');
    } catch (e) {
      K.status(e.message, true);
    }
  }

  async function act(path, body, done) {
    try {
      await K.api('POST', '/api/tasks/' + encodeURIComponent(taskId) + '/' + path, body);
      await load(done);
    } catch (e) {
      K.status(e.message, true);
    }
  }

  document.getElementById('claim').addEventListener('click', () => act('claim', undefined, '已簽收。'));
  document.getElementById('unclaim').addEventListener('click', () => act('unclaim', undefined, '已退回待辦，同仁可簽收。'));
  document.getElementById('delegate').addEventListener('submit', e => {
    e.preventDefault();
    const userId = document.getElementById('colleague').value;
    act('delegate', {userId}, '已轉派給 ' + userId + '。');
  });
  document.getElementById('complete').addEventListener('submit', async e => {
    e.preventDefault();
    const form = e.target;
    const data = {};
    form.querySelectorAll('[data-field]').forEach(i => { if (i.value) data[i.dataset.field] = i.value; });
    const body = {action: form.elements.action.value, opinion: form.elements.opinion.value.trim() || null};
    if (Object.keys(data).length) body.data = data;
    try {
      await K.api('POST', '/api/tasks/' + encodeURIComponent(taskId) + '/complete', body);
      document.getElementById('task').hidden = true;
      await load('已送出辦理結果。');
      const back = K.el('a', '回工作清單', {href: '/worklist'});
      document.getElementById('status').append(' ', back);
      back.focus();
    } catch (err) {
      K.status(err.message, true);
    }
  });
  load();
})();
