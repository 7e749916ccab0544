// 處分書查驗 (/verify): served as a file so the page's Content-Security-Policy can forbid inline scripts.
document.getElementById('check').addEventListener('click', async () => {
  const file = document.getElementById('pdf').files[0];
  const out = document.getElementById('result');
  if (!file) { out.textContent = '請先選擇檔案。'; return; }
  const res = await fetch('/api/decisions/verify', {method: 'POST', headers: {'Content-Type': 'application/pdf'}, body: file});
  const body = await res.json();
  if (!res.ok) { out.textContent = body.detail || '查驗失敗'; return; }
  out.textContent = (body.valid ? '✔ 文件有效：' : '✘ 文件無效：') + (body.documentNo || '') + '\n'
    + body.signatures.map((s, i) => (s.valid ? '✔ ' : '✘ ') + (i + 1) + '. ' + (s.signer || '') + '（' + (s.agency || '') + '，'
        + (s.signedAt || '') + '）').join('\n')
    + (body.modifiedAfterSigning ? '\n✘ 簽章後文件曾被修改' : '')
    + (body.problems.length ? '\n' + body.problems.join('\n') : '');
});
