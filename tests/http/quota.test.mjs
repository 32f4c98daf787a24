// Upload quotas (per report, per account) through the API and the section form, and the
// collector of unreferenced files (`poaiss gc`): what it removes and what it keeps.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { startServer, login, BIN, OPEN_CYCLE } from './helpers.mjs';

let srv, t = {}, id;
const Q = 'coord.nap.file';
const pdf = (n, fill) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(n - 9, fill)]);
const sha = b => createHash('sha256').update(b).digest('hex');
const A = pdf(1200, 'a'), B = pdf(1200, 'b'), C = pdf(1200, 'c'), D = pdf(1500, 'd'), E = pdf(1500, 'e'), F = pdf(2000, 'f');

const call = async (method, path, who, body, headers = {}) => {
  const h = { ...headers, Authorization: 'Bearer ' + t[who] };
  let payload = body;
  if (body !== undefined && !Buffer.isBuffer(body)) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
  const r = await fetch(srv.base + '/api/v1' + path, { method, headers: h, body: payload });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, text };
};
const upload = (bytes, name) => call('POST', `/reports/${id}/files?name=${name}`, 'kenya', bytes, { 'Content-Type': 'application/pdf' });
const gc = (...args) => spawnSync(BIN, ['gc', '--db', srv.db, ...args], { encoding: 'utf8' });

before(async () => {
  srv = await startServer({ extraArgs: ['--quota-report', '3000', '--quota-account', '4000'] });
  t.kenya = srv.token('kenya');
  id = (await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: OPEN_CYCLE })).json.id;
});
after(async () => { await srv?.stop(); });

test('a report holds at most --quota-report bytes of files; the same file again costs nothing', async () => {
  assert.equal((await upload(A, 'a.pdf')).status, 201);
  assert.equal((await upload(B, 'b.pdf')).status, 201);
  const over = await upload(C, 'c.pdf');
  assert.equal(over.status, 413, over.text);
  assert.match(over.json.error.message, /past 3 KB, the most one report may hold/);
  assert.equal((await upload(A, 'a-again.pdf')).status, 201, 'a file the report holds already');
});

test('an account holds at most --quota-account bytes: a proposal past it is a field error', async () => {
  const r1 = await call('POST', '/assistance/requests', 'kenya', { category: 'stockpile', kind: 'financial', title: 'Quota one' });
  assert.equal(r1.status, 201, r1.text);
  const ok = await call('POST', `/assistance/requests/${r1.json.id}/proposal?name=d.pdf`, 'kenya', D);
  assert.equal(ok.status, 200, ok.text);   // 2,400 (A, B) + 1,500 <= 4,000
  const r2 = await call('POST', '/assistance/requests', 'kenya', { category: 'stockpile', kind: 'financial', title: 'Quota two' });
  const over = await call('POST', `/assistance/requests/${r2.json.id}/proposal?name=e.pdf`, 'kenya', E);
  assert.equal(over.status, 422, over.text);
  assert.equal(over.json.error.errors[0].field, 'proposal');
  assert.match(over.json.error.errors[0].message, /the most one account may hold/);
});

test('the section form says so beside the file, with 413, and saves nothing', async () => {
  const tpl = (await call('GET', '/templates/2026', 'kenya')).json;
  const section = tpl.sections.find(s => s.questions.some(q => q.id === Q)).id;
  const revs = (await call('GET', `/reports/${id}`, 'kenya')).json.revs;   // pre-filled from 2024: not all at 0
  const nap = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'coord.nap', value: 'yes', rev: revs['coord.nap'] || 0 }] });
  assert.equal(nap.status, 200, nap.text);
  const before = (await call('GET', `/reports/${id}`, 'kenya')).json;
  const cookie = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
  const page = await (await fetch(`${srv.base}/reports/${id}/edit?section=${section}`, { headers: { Cookie: cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  const boundary = '----poaissQuota' + Date.now();
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="rev:${Q}"\r\n\r\n${before.revs[Q] || 0}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="go"\r\n\r\nstay\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="v:${Q}"; filename="f.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
    F, Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await fetch(`${srv.base}/reports/${id}/edit?section=${section}`, {
    method: 'POST', body, redirect: 'manual', headers: { Cookie: cookie, 'Content-Type': 'multipart/form-data; boundary=' + boundary },
  });
  const html = await r.text();
  assert.equal(r.status, 413);
  assert.match(html, /past 3 KB, the most one report may hold/);
  const working = (await call('GET', `/reports/${id}`, 'kenya')).json;
  assert.deepEqual(working.answers[Q], before.answers[Q], 'nothing saved');
});

test('gc removes only what nothing refers to, after the grace period; the room comes back', async () => {
  // A is saved as the answer; B was uploaded and never used; D is a request's proposal.
  const ref = { name: 'a.pdf', type: 'application/pdf', bytes: A.length, sha256: sha(A) };
  const revs = (await call('GET', `/reports/${id}`, 'kenya')).json.revs;
  const saved = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: Q, value: ref, rev: revs[Q] || 0 }] });
  assert.equal(saved.status, 200, saved.text);
  let r = gc();   // within the grace period: nothing goes
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /removed 0 unreferenced files \(0 bytes\) and 0 unreferenced links/);
  r = gc('--grace-hours', '0');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /removed 1 unreferenced file \(1200 bytes\) and 1 unreferenced link\b/);
  const get = async h => (await fetch(`${srv.base}/reports/${id}/files/${h}`, { headers: { Authorization: 'Bearer ' + t.kenya } })).status;
  assert.equal(await get(sha(A)), 200, 'the answer\'s file stays');
  assert.equal(await get(sha(B)), 404, 'the unused upload is gone');
  assert.match(gc('--grace-hours', '0').stdout, /removed 0 /, 'the proposal stays');
  assert.equal((await upload(C, 'c.pdf')).status, 201, 'B\'s room is free again');
  assert.equal(gc('--grace-hours', 'x').status, 2);
});
