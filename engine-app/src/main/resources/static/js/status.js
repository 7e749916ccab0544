// 案件進度查詢 (/status): served as a file so the page's Content-Security-Policy can forbid inline scripts.
const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
const day = s => s ? new Date(s).toLocaleString('zh-TW', {timeZone: 'Asia/Taipei', dateStyle: 'medium'}) : '';
document.getElementById('query').addEventListener('submit', async ev => {
  ev.preventDefault();
  const out = document.getElementById('result');
  const res = await fetch('/api/public/case-status', {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({caseNo: document.getElementById('caseNo').value, nationalId: document.getElementById('nationalId').value})});
  const body = await res.json();
  if (!res.ok) { out.innerHTML = '<p class="bad" role="alert">' + esc(body.detail || '查詢失敗') + '</p>'; return; }
  const steps = body.currentSteps.length
    ? '<ul>' + body.currentSteps.map(s => '<li>' + esc(s.name) + '（' + esc(s.agency) + '，' + day(s.since) + ' 起）</li>').join('') + '</ul>'
    : '無';
  out.innerHTML = '<dl><dt>案號</dt><dd>' + esc(body.caseNo) + '</dd><dt>案件類型</dt><dd>' + esc(body.caseType)
    + '</dd><dt>受理機關</dt><dd>' + esc(body.agency) + '</dd><dt>狀態</dt><dd>' + esc(body.statusLabel)
    + (body.clockStopped ? '（等待補正，處理期限暫停計算）' : '') + '</dd><dt>收件日期</dt><dd>' + day(body.receivedAt)
    + '</dd><dt>預定辦結日期</dt><dd>' + day(body.dueAt) + '</dd><dt>目前辦理步驟</dt><dd>' + steps + '</dd>'
    + (body.decision ? '<dt>處分書</dt><dd>' + esc(body.decision.documentNo) + '（' + day(body.decision.issuedAt) + '）</dd>' : '')
    + '</dl>';
});
