/*
 * The studio's versions section for the opened process: retire or reactivate a version with a reason, the diff of
 * two versions (or a version and the draft) whose elements lead into the diagram, and migrating running cases:
 * list a version's cases, dry-run the chosen ones, migrate them with a reason and follow the batch to its report.
 */
(function () {
  'use strict';
  const {el, status} = window.Kuayu;
  const studio = window.KuayuStudio;
  const $ = id => document.getElementById(id);
  const json = body => ({body: JSON.stringify(body), type: 'application/json'});

  /** The opened process: {key, name, versions: [{version, runningInstances, retired}]}. */
  let process = null;

  const path = suffix => '/api/processes/' + encodeURIComponent(process.key) + suffix;

  async function post(suffix, body, pass) {
    const b = json(body);
    return studio.send('POST', path(suffix), b.body, 'application/json', {contentType: b.type, pass: pass || []});
  }

  async function show(current, listed) {
    const before = process ? process.key + ':' + process.versions.length : '';
    process = {key: current.key, name: current.name, versions: (listed && listed.versions) || []};
    // the choices stay while the same versions are listed; a new version or process starts from the defaults
    const same = before === process.key + ':' + process.versions.length;
    $('versions').hidden = false;
    $('versions-h').textContent = '版本、比較與移轉：' + (process.name || process.key);
    drawVersions();
    const numbers = process.versions.map(v => String(v.version));
    const options = (select, values, chosen) => {
      const keep = select.value;
      select.replaceChildren(...values.map(([value, label]) => el('option', label, {value: value})));
      select.value = same && values.some(([value]) => value === keep) ? keep : chosen;
    };
    const labelled = numbers.map(n => [n, '第 ' + n + ' 版']);
    options($('diff-from'), labelled, numbers[1] || numbers[0]);
    options($('diff-to'), labelled.concat([['draft', '草稿（尚未部署）']]), numbers[0]);
    options($('mig-source'), labelled, numbers[1] || numbers[0]);
    options($('mig-target'), labelled, numbers[0]);
  }

  // ---- versions: retire and reactivate ----

  function drawVersions() {
    const body = document.querySelector('#version-list tbody');
    body.replaceChildren();
    process.versions.forEach(v => {
      const row = el('tr', null, {'data-version': String(v.version)});
      row.append(el('td', '第 ' + v.version + ' 版'), el('td', String(v.runningInstances)), el('td', v.retired ? '已退役' : '使用中'));
      if (v === process.versions[0] && !v.retired) {
        row.append(el('td', '最新版本，新案件由此開始（不能退役）', {'class': 'muted'}));
        body.append(row);
        return;
      }
      const action = v.retired ? 'reactivate' : 'retire';
      const button = el('button', v.retired ? '恢復' : '退役', {type: 'button', 'class': 'secondary', 'data-action': action,
        'aria-label': (v.retired ? '恢復' : '退役') + '第 ' + v.version + ' 版'});
      button.addEventListener('click', studio.guard(() => retire(v.version, action)));
      const cell = el('td');
      cell.append(button);
      row.append(cell);
      body.append(row);
    });
  }

  async function retire(version, action) {
    const reason = $('retire-reason').value.trim();
    if (!reason) {
      status('請先填寫退役或恢復的原因。', true);
      $('retire-reason').focus();
      return;
    }
    await post('/versions/' + version + '/' + action, {reason});
    $('retire-reason').value = '';
    await refresh();
    status(action === 'retire' ? '第 ' + version + ' 版已退役；新案件不再使用此版本，執行中的案件照常辦理。' : '第 ' + version + ' 版已恢復使用。');
  }

  async function refresh() {
    const definitions = await studio.loadDefinitions();
    const listed = definitions.find(d => d.key === process.key);
    await show({key: process.key, name: process.name}, listed);
  }

  // ---- the diff ----

  function elementButton(e) {
    const button = el('button', (e.name ? e.name + '（' + e.id + '）' : e.id), {type: 'button', 'class': 'link-like', 'data-element': e.id});
    button.addEventListener('click', () => studio.select(e.id));
    return button;
  }

  async function diff(event) {
    event.preventDefault();
    const from = $('diff-from').value;
    const to = $('diff-to').value;
    const answer = (await studio.send('GET', path('/diff?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to)))).body;
    const box = $('diff-result');
    box.replaceChildren();
    const side = s => s === 'draft' ? '草稿' : '第 ' + s + ' 版';
    const total = answer.added.length + answer.removed.length + answer.changed.length;
    box.append(el('p', side(from) + ' → ' + side(to) + '：' + (total === 0 ? '流程內容相同（圖面位置不比較）。'
      : '新增 ' + answer.added.length + '、刪除 ' + answer.removed.length + '、變更 ' + answer.changed.length + ' 個元素。'), {id: 'diff-summary'}));
    [['新增的元素', answer.added, 'added'], ['刪除的元素', answer.removed, 'removed']].forEach(([title, items, kind]) => {
      if (!items.length) return;
      box.append(el('h4', title));
      const list = el('ul', null, {'class': 'diff-' + kind});
      items.forEach(e => {
        const item = el('li');
        item.append(elementButton(e), el('span', '　' + e.type));
        list.append(item);
      });
      box.append(list);
    });
    if (answer.changed.length) {
      box.append(el('h4', '變更的元素'));
      const list = el('ul', null, {'class': 'diff-changed'});
      answer.changed.forEach(e => {
        const item = el('li');
        item.append(elementButton(e), el('span', '　' + e.type));
        const changes = el('dl');
        e.changes.forEach(c => changes.append(el('dt', c.attribute), el('dd', (c.from || '（無）') + ' → ' + (c.to || '（無）'))));
        item.append(changes);
        list.append(item);
      });
      box.append(list);
    }
    status('已比較 ' + side(from) + ' 與 ' + side(to) + '。');
  }

  // ---- migration ----

  const versionsChosen = () => ({sourceVersion: Number($('mig-source').value), targetVersion: Number($('mig-target').value)});
  const chosenIds = () => Array.from(document.querySelectorAll('#mig-instances input[type=checkbox]:checked')).map(c => c.value);

  async function listInstances() {
    const source = $('mig-source').value;
    const answer = (await studio.send('GET', path('/versions/' + source + '/instances'))).body;
    const body = document.querySelector('#mig-instances tbody');
    body.replaceChildren();
    $('dry-run-result').replaceChildren();
    answer.instances.forEach(i => {
      const row = el('tr', null, {'data-instance': i.processInstanceId, 'data-case': i.caseNo || ''});
      const pick = el('input', null, {type: 'checkbox', value: i.processInstanceId, id: 'pick-' + i.processInstanceId,
        'aria-label': '選擇案件 ' + (i.caseNo || i.processInstanceId)});
      const cell = el('td');
      cell.append(pick);
      row.append(cell, el('td', i.caseNo || '—'), el('td', i.waitingIn.map(s => s.name).join('、') || '—'), el('td', '', {'class': 'dry-run'}));
      body.append(row);
    });
    status('第 ' + source + ' 版有 ' + answer.total + ' 件執行中的案件' + (answer.total > answer.instances.length
      ? '（列出最早的 ' + answer.instances.length + ' 件）' : '') + '。');
  }

  async function dryRun() {
    const ids = chosenIds();
    const request = Object.assign(versionsChosen(), ids.length ? {processInstanceIds: ids} : {});
    const report = (await post('/migrations/dry-run', request)).body;
    const box = $('dry-run-result');
    box.replaceChildren();
    box.append(el('p', '試算第 ' + report.sourceVersion + ' 版 → 第 ' + report.targetVersion + ' 版共 ' + report.instances + ' 件：'
      + report.mapsCleanly.length + ' 件可順利移轉，' + report.failing.length + ' 件無法移轉。', {id: 'dry-run-summary'}));
    if (report.activitiesWithoutCounterpart.length) {
      box.append(el('h4', '新版本沒有對應的活動'));
      const list = el('ul', null, {id: 'unmapped'});
      report.activitiesWithoutCounterpart.forEach(a => {
        const item = el('li');
        item.append(elementButton(a), el('span', '　目前 ' + a.runningInstances + ' 件停在此處'));
        list.append(item);
      });
      box.append(list);
    } else {
      box.append(el('p', '來源版本的每個活動在目標版本都有對應。', {'class': 'muted'}));
    }
    const problems = {};
    report.failing.forEach(f => { problems[f.processInstanceId] = f.problems.join('；'); });
    document.querySelectorAll('#mig-instances tbody tr').forEach(row => {
      const id = row.getAttribute('data-instance');
      const cell = row.querySelector('td.dry-run');
      cell.classList.remove('late');
      if (problems[id]) {
        cell.textContent = '無法移轉：' + problems[id];
        cell.classList.add('late');
      } else {
        cell.textContent = report.mapsCleanly.includes(id) ? '可順利移轉' : '';
      }
    });
    status('試算完成：' + report.mapsCleanly.length + ' 件可移轉，' + report.failing.length + ' 件無法移轉。', report.failing.length > 0);
  }

  async function migrate(event) {
    event.preventDefault();
    const ids = chosenIds();
    const reason = $('mig-reason').value.trim();
    if (!ids.length) {
      status('請先勾選要移轉的案件。', true);
      return;
    }
    if (!reason) {
      status('請填寫移轉原因。', true);
      $('mig-reason').focus();
      return;
    }
    const answer = await post('/migrations', Object.assign(versionsChosen(), {processInstanceIds: ids, reason}), [409]);
    if (answer.status === 409) {
      status(answer.body.detail + ' ' + (answer.body.errors || []).join(' '), true);
      return;
    }
    $('mig-reason').value = '';
    status('移轉已開始（' + ids.length + ' 件）。');
    let progress = answer.body;
    drawProgress(progress);
    while (progress.status === 'running') {
      await new Promise(resolve => window.setTimeout(resolve, 1000));
      progress = (await studio.send('GET', path('/migrations/' + encodeURIComponent(progress.id)))).body;
      drawProgress(progress);
    }
    await refresh();
    await listInstances();
    status(progress.status === 'completed' ? '移轉完成：' + progress.migrated + ' 件已改依第 ' + progress.targetVersion + ' 版辦理。'
      : '移轉有 ' + progress.failedJobs + ' 件失敗，請見移轉結果。', progress.status !== 'completed');
  }

  function drawProgress(p) {
    const box = $('mig-progress');
    box.replaceChildren();
    box.setAttribute('data-status', p.status);
    const state = {running: '移轉中', completed: '已完成', failed: '有失敗'}[p.status] || p.status;
    box.append(el('h4', '移轉結果：第 ' + p.sourceVersion + ' 版 → 第 ' + p.targetVersion + ' 版（' + state + '）'));
    const facts = el('dl');
    [['移轉者', p.startedBy], ['原因', p.reason], ['案件數', String(p.instances)],
      ['批次工作', '已完成 ' + p.completedJobs + ' / ' + p.totalJobs + '，失敗 ' + p.failedJobs],
      ['已在目標版本', String(p.migrated) + ' 件'], ['仍在來源版本', p.stillOnSource.length ? p.stillOnSource.join('、') : '無']]
      .forEach(([term, value]) => facts.append(el('dt', term), el('dd', value)));
    box.append(facts);
    if (p.failures.length) {
      const list = el('ul', null, {'class': 'late'});
      p.failures.forEach(f => list.append(el('li', f.processInstanceId + '：' + f.message)));
      box.append(list);
    }
  }

  studio.onOpen((current, listed) => show(current, listed));
  $('diff-form').addEventListener('submit', studio.guard(diff));
  $('mig-list').addEventListener('click', studio.guard(listInstances));
  $('mig-dry-run').addEventListener('click', studio.guard(dryRun));
  $('migration').addEventListener('submit', studio.guard(migrate));
})();
