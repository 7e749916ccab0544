/*
 * The studio page: lists the deployed process definitions, opens a version in the bpmn-js modeler, runs the
 * deploy checks (findings point to their element), keeps a draft and deploys with a reason.
 */
(function () {
  'use strict';
  const {api, el, status} = window.Kuayu;
  const $ = id => document.getElementById(id);
  const meta = name => document.querySelector('meta[name="' + name + '"]').content;

  const modeler = new window.BpmnJS({container: $('canvas'), keyboard: {bindTo: document}});
  window.KuayuPanel.attach(modeler, $('props'), $('element-info'));
  const elementRegistry = modeler.get('elementRegistry');
  const selection = modeler.get('selection');
  const canvas = modeler.get('canvas');

  /** Runs an action from a button or form; its failure is shown in the status line. */
  const guard = action => (...args) => Promise.resolve(action(...args)).catch(e => status(e.message, true));

  /** The version being edited: {key, name, version, id}; whether it has changes not yet saved or deployed. */
  let current = null;
  let unsaved = false;
  modeler.on('commandStack.changed', () => { unsaved = true; });

  /**
   * multipart and XML calls; JSON ones go through Kuayu.api. Answers {status, body}, or throws with the problem's
   * detail unless the status is one the caller handles (options.pass; a 400 with errors always comes back).
   */
  async function send(method, path, body, accept, options) {
    const opts = options || {};
    const headers = {'Accept': accept || 'application/json', 'X-Requested-With': 'XMLHttpRequest'};
    if (method !== 'GET') headers[meta('csrf-header')] = meta('csrf-token');
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
    const response = await fetch(path, {method, headers, body, credentials: 'same-origin'});
    if (response.status === 401) {
      window.location.assign('/login');
      throw new Error('請重新登入。');
    }
    const type = response.headers.get('Content-Type') || '';
    const answer = type.includes('json') ? await response.json() : await response.text();
    if ((opts.pass || []).includes(response.status)) return {status: response.status, body: answer};
    if (!response.ok && !(response.status === 400 && answer && answer.errors)) {
      throw new Error((answer && answer.detail) || '系統無法完成此操作（HTTP ' + response.status + '）。');
    }
    return {status: response.status, body: answer};
  }

  async function modelFile() {
    const {xml} = await modeler.saveXML({format: true});
    const data = new FormData();
    data.append('file', new Blob([xml], {type: 'application/xml'}), current.key + '.bpmn');
    return {xml, data};
  }

  // ---- the list of process definitions ----

  /** The listed process keys, by key (with the key's server-side draft, where Kuayu keeps drafts). */
  const listed = {};

  async function loadDefinitions() {
    const definitions = await api('GET', '/api/processes');
    definitions.forEach(d => { listed[d.key] = d; });
    const body = document.querySelector('#definitions tbody');
    body.replaceChildren();
    definitions.forEach(d => {
      const row = el('tr', null, {'data-key': d.key});
      row.append(el('td', d.key), el('td', d.name || '—'), el('td', '第 ' + d.latestVersion + ' 版'));
      const cell = el('td', null, {'class': 'versions'});
      d.versions.forEach(v => {
        const button = el('button', '第 ' + v.version + ' 版（' + v.runningInstances + '）',
          {type: 'button', 'class': 'secondary', 'data-version': String(v.version),
            'aria-label': '開啟 ' + (d.name || d.key) + ' 第 ' + v.version + ' 版（執行中 ' + v.runningInstances + ' 件）'});
        if (v.suspended || v.retired) button.append(el('span', v.retired ? ' 已退役' : ' 已停用', {'class': 'muted'}));
        button.addEventListener('click', guard(() => open({key: d.key, name: d.name, version: v.version, id: v.id})));
        cell.append(button);
      });
      row.append(cell);
      body.append(row);
    });
    return definitions;
  }

  async function loadVocabulary() {
    const words = await api('GET', '/api/processes/vocabulary');
    const fill = (id, items) => $(id).replaceChildren(...items.map(([value, label]) => {
      const option = el('option', null, {value: value});
      if (label) option.label = label;
      return option;
    }));
    fill('groups-list', words.agencies.flatMap(a => [[a.key, a.name], [a.key + '.approver', a.name + '（核定）']])
      .concat([['${ownerAgency}', '主辦機關'], ['${approverGroup}', '主辦機關核定者'], ['${reviewAgency}', '會辦機關']]));
    fill('forms-list', words.forms.map(f => [f]));
    fill('sources-list', words.sources.map(s => [s]));
  }

  // ---- opening a version, the element picker, drafts ----

  async function open(version, xmlOverride) {
    if (unsaved && !window.confirm('目前的修改尚未存為草稿或部署，開啟後將會遺失。確定要開啟嗎？')) return;
    status('開啟中…');
    const xml = xmlOverride || (await send('GET', '/api/processes/' + encodeURIComponent(version.key) + '/versions/'
      + version.version + '/xml', undefined, 'application/xml')).body;
    current = version;
    $('editor').hidden = false;
    $('editor-h').textContent = '編輯：' + (version.name || version.key) + '（' + version.key + '，以第 ' + version.version + ' 版為底）';
    try {
      await modeler.importXML(xml);
    } catch (e) {
      status('無法開啟此流程模型：' + e.message, true);
      return;
    }
    unsaved = false;
    fitBesidePalette();
    fillPicker();
    showFindings(null);
    showDraftNote(!!xmlOverride);
    opened.forEach(listener => listener(current, listed[current.key]));
    status(xmlOverride ? '已開啟草稿。' : '已開啟 ' + version.key + ' 第 ' + version.version + ' 版。');
    $('editor-h').scrollIntoView();
  }

  /** The whole diagram in view, clear of the tool palette on the left. */
  function fitBesidePalette() {
    const zoom = canvas.zoom('fit-viewport');
    const palette = document.querySelector('#canvas .djs-palette');
    const room = palette ? palette.getBoundingClientRect().width + 16 : 0;
    const width = $('canvas').getBoundingClientRect().width;
    if (room > 0 && width > room * 2) {
      canvas.zoom(zoom * (width - room) / width, {x: 0, y: 0});
      canvas.scroll({dx: room, dy: 0});
    }
  }

  function fillPicker() {
    const picker = $('element-picker');
    picker.replaceChildren(el('option', '（在圖上點選或由此選擇）', {value: ''}));
    elementRegistry.filter(e => e.type !== 'label' && e.parent && !e.waypoints)
      .sort((a, b) => (a.businessObject.name || a.id).localeCompare(b.businessObject.name || b.id, 'zh-TW'))
      .forEach(e => picker.append(el('option', (e.businessObject.name || '（未命名）') + '　' + e.id, {value: e.id})));
  }

  function select(elementId) {
    const element = elementRegistry.get(elementId);
    if (!element) {
      status('圖上沒有元素「' + elementId + '」（問題屬於整個檔案）。');
      return;
    }
    selection.select(element);
    if (typeof canvas.scrollToElement === 'function') canvas.scrollToElement(element);
    $('element-picker').value = element.type === 'label' ? '' : elementId;
    $('panel-h').focus();
  }

  function when(iso) {
    return new Date(iso).toLocaleString('zh-TW', {hour12: false});
  }

  function showDraftNote(openedDraft) {
    const note = $('draft-note');
    note.replaceChildren();
    const draft = drafts.find(current.key);
    if (openedDraft && draft) {
      note.textContent = '目前編輯的是草稿（' + draft.savedBy + ' 於 ' + when(draft.savedAt) + ' 儲存，尚未部署）。';
    } else if (draft) {
      note.append('此流程有尚未部署的草稿（' + draft.savedBy + ' 於 ' + when(draft.savedAt) + ' 儲存'
        + (draft.baseVersion ? '，以第 ' + draft.baseVersion + ' 版為底' : '') + '）。');
      const button = el('button', '開啟草稿', {type: 'button', 'class': 'secondary', id: 'open-draft'});
      button.addEventListener('click', guard(async () => open(current, await drafts.xml(current.key))));
      note.append(' ', button);
    }
  }

  /** The process key's draft, kept by Kuayu (one per key): PUT/GET/DELETE /api/processes/{key}/draft. */
  const drafts = {
    path: key => '/api/processes/' + encodeURIComponent(key) + '/draft',
    /** {savedBy, savedAt, baseVersion} of the key's draft, or null. */
    find: key => (listed[key] && listed[key].draft) || null,
    async xml(key) {
      return (await send('GET', this.path(key))).body.xml;
    },
    /** Saves and answers the checks' findings (the draft is kept even with findings). */
    async save(key, xml) {
      const answer = await send('PUT', this.path(key), xml, 'application/json', {contentType: 'application/xml'});
      if (answer.status === 400) throw new Error(answer.body.detail + ' ' + answer.body.errors.join(' '));
      listed[key] = Object.assign({}, listed[key], {draft: answer.body});
      return answer.body.problems;
    },
    async discard(key) {
      if (this.find(key)) {
        await send('DELETE', this.path(key), undefined, 'application/json', {pass: [404]});
        listed[key].draft = null;
      }
    }
  };

  async function saveDraft() {
    const {xml} = await modeler.saveXML({format: true});
    const problems = await drafts.save(current.key, xml);
    unsaved = false;
    showDraftNote(true);
    showFindings(problems);
    status('已存為草稿' + (problems.length ? '；檢查發現 ' + problems.length + ' 項問題，部署前請修正。' : '，檢查沒有問題。'));
  }

  async function discardDraft() {
    await drafts.discard(current.key);
    unsaved = false;
    await open(current);
    status('已捨棄草稿。');
  }

  // ---- checks and deploying ----

  /** Deploy answers "elementId: message"; the checks endpoint answers {elementId, elementName, message}. */
  function fromDeployError(text) {
    const at = text.indexOf(': ');
    return at < 0 ? {elementId: 'definitions', message: text} : {elementId: text.slice(0, at), message: text.slice(at + 2)};
  }

  function showFindings(problems) {
    const list = $('findings');
    list.replaceChildren();
    if (problems === null) {
      $('findings-summary').textContent = '尚未檢查。';
      return;
    }
    $('findings-summary').textContent = problems.length === 0 ? '通過全部檢查，可以部署。' : '有 ' + problems.length + ' 項問題，請修正後再部署：';
    $('findings-summary').classList.toggle('late', problems.length > 0);
    problems.forEach(p => {
      const element = elementRegistry.get(p.elementId);
      const name = p.elementName || (element && element.businessObject.name) || '';
      const item = el('li');
      const button = el('button', (name ? name + '（' + p.elementId + '）' : p.elementId), {type: 'button', 'class': 'link-like',
        'data-element': p.elementId});
      button.addEventListener('click', () => select(p.elementId));
      item.append(button, el('span', '：' + p.message));
      list.append(item);
    });
  }

  async function runChecks() {
    status('檢查中…');
    const {data} = await modelFile();
    const answer = await send('POST', '/api/processes/checks', data);
    showFindings(answer.body.problems);
    status(answer.body.problems.length === 0 ? '檢查完成：沒有問題。' : '檢查完成：有 ' + answer.body.problems.length + ' 項問題。',
      answer.body.problems.length > 0);
  }

  async function deploy(event) {
    event.preventDefault();
    const reason = $('reason').value.trim();
    if (!reason) {
      status('請填寫部署原因。', true);
      $('reason').focus();
      return;
    }
    status('部署中…');
    const {data} = await modelFile();
    data.append('reason', reason);
    const answer = await send('POST', '/api/processes', data);
    if (answer.status === 400) {
      showFindings(answer.body.errors.map(fromDeployError));
      status(answer.body.detail, true);
      return;
    }
    const deployed = answer.body.processes.find(p => p.key === current.key) || answer.body.processes[0];
    unsaved = false;
    await drafts.discard(current.key);
    await loadDefinitions();
    $('reason').value = '';
    current = {key: deployed.key, name: current.name, version: deployed.version, id: deployed.id};
    $('editor-h').textContent = '編輯：' + (current.name || current.key) + '（' + current.key + '，以第 ' + current.version + ' 版為底）';
    showDraftNote(false);
    showFindings([]);
    opened.forEach(listener => listener(current, listed[current.key]));
    status(answer.body.created ? '已部署 ' + deployed.key + ' 第 ' + deployed.version + ' 版；新案件將使用此版本。'
      : '內容與最新版本相同，未產生新版本（第 ' + deployed.version + ' 版）。');
  }

  function download() {
    modeler.saveXML({format: true}).then(({xml}) => {
      const link = el('a', null, {href: URL.createObjectURL(new Blob([xml], {type: 'application/xml'})), download: current.key + '.bpmn'});
      document.body.append(link);
      link.click();
      link.remove();
    });
  }

  /** Listeners told (version, its listed process) when a version is opened or deployed: versions.js. */
  const opened = [];
  window.KuayuStudio = {send, select, guard, loadDefinitions, onOpen: listener => opened.push(listener)};

  $('check').addEventListener('click', guard(runChecks));
  $('save-draft').addEventListener('click', guard(saveDraft));
  $('discard-draft').addEventListener('click', guard(discardDraft));
  $('download').addEventListener('click', guard(download));
  $('deploy').addEventListener('submit', guard(deploy));
  $('element-picker').addEventListener('change', event => event.target.value && select(event.target.value));
  modeler.on('selection.changed', event => {
    const only = event.newSelection.length === 1 ? event.newSelection[0] : null;
    $('element-picker').value = only && only.type !== 'label' ? only.id : '';
  });

  Promise.all([loadDefinitions(), loadVocabulary()])
    .then(([definitions]) => status(definitions.length ? '' : '尚無已部署的流程。'))
    .catch(e => status(e.message, true));
})();
