/* Shared by the worklist pages: calls to Kuayu's API with the page's session and CSRF token, zh-TW labels and dates. */
(function () {
  'use strict';
  const meta = name => document.querySelector('meta[name="' + name + '"]').content;
  const ACTIONS = {approve: '核准', reject: '駁回', 'return': '退回', requestCorrection: '通知補正', sendForReview: '送會辦',
    concur: '無意見（同意）', object: '有意見', sign: '會銜簽署', refer: '陳報上級', schedule: '排定會勘', record: '登錄會勘紀錄',
    silent: '逾期視為無意見'};
  const STATUS = {'in-progress': '處理中', approved: '已核定', rejected: '已駁回', withdrawn: '已撤回'};
  const dateFormat = new Intl.DateTimeFormat('zh-TW-u-ca-roc', {timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit'});
  const timeFormat = new Intl.DateTimeFormat('zh-TW-u-ca-roc', {timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false});

  async function api(method, path, body) {
    const headers = {'Accept': 'application/json', 'X-Requested-With': 'XMLHttpRequest'};
    if (method !== 'GET') {
      headers[meta('csrf-header')] = meta('csrf-token');
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(path, {method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)});
    if (response.status === 401) {
      window.location.assign('/login');
      throw new Error('請重新登入。');
    }
    if (!response.ok) {
      let detail = '系統無法完成此操作（HTTP ' + response.status + '）。';
      try { detail = (await response.json()).detail || detail; } catch (e) { /* not a problem document */ }
      throw new Error(detail);
    }
    return response.status === 204 ? null : response.json();
  }

  function el(tag, text, attrs) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    return node;
  }

  function status(message, error) {
    const box = document.getElementById('status');
    box.textContent = message || '';
    box.classList.toggle('error', !!error);
  }

  function clock(item) {
    const days = item.workingDaysLeft;
    if (item.overdue) return {text: '逾期 ' + Math.max(1, -days) + ' 個工作天', late: true};
    return {text: days === 0 ? '今日到期' : '剩 ' + days + ' 個工作天', late: false};
  }

  window.Kuayu = {
    api, el, status, clock,
    action: key => ACTIONS[key] || key,
    caseStatus: key => STATUS[key] || key,
    date: iso => iso ? dateFormat.format(new Date(iso)) : '—',
    time: iso => iso ? timeFormat.format(new Date(iso)) : '—'
  };
})();
