// File answers: upload in the section form and through the API, download with the report's
// visibility rules, type sniffing, size limits, hostile file names, and publication.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, login, OPEN_CYCLE } from './helpers.mjs';

let srv, t = {}, id, kenya, section, csrf;
const Q = 'coord.nap.file';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha = b => createHash('sha256').update(b).digest('hex');

const call = async (method, path, who, body, headers = {}) => {
  const h = { ...headers };
  if (who) h.Authorization = 'Bearer ' + t[who];
  let payload = body;
  if (body !== undefined && !Buffer.isBuffer(body)) { h['Content-Type'] ||= 'application/json'; payload = JSON.stringify(body); }
  const r = await fetch(srv.base + '/api/v1' + path, { method, headers: h, body: payload });
  return { status: r.status, json: await r.json() };
};
const working = async () => (await call('GET', '/reports/' + id, 'kenya')).json;

// A multipart body built by hand, so that file names can carry any bytes (quotes, CR LF, invalid UTF-8).
function multipart(fields, file) {
  const boundary = '----poaissTest' + Math.random().toString(16).slice(2);
  const parts = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field || 'v:' + Q}"; filename="`),
      Buffer.isBuffer(file.name) ? file.name : Buffer.from(file.name),
      Buffer.from(`"\r\nContent-Type: ${file.type || 'application/pdf'}\r\n\r\n`), file.bytes, Buffer.from('\r\n')]));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: 'multipart/form-data; boundary=' + boundary };
}

async function postForm(fields, file, cookie = kenya, sec = section) {
  const revs = (await working()).revs;
  const { body, type } = multipart({ csrf, [`rev:${Q}`]: revs[Q] || 0, go: 'stay', ...fields }, file);
  return fetch(`${srv.base}/reports/${id}/edit?section=${sec}`, {
    method: 'POST', body, redirect: 'manual', headers: { Cookie: cookie, 'Content-Type': type },
  });
}

const download = (hash, headers = {}, rid = id) => fetch(`${srv.base}/reports/${rid}/files/${hash}`, { headers, redirect: 'manual' });

before(async () => {
  srv = await startServer();
  for (const u of ['kenya', 'france', 'unoda']) t[u] = srv.token(u);
  id = (await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: OPEN_CYCLE })).json.id;
  await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'coord.nap', value: 'yes', rev: 0 }] });
  const tpl = (await call('GET', '/templates/2026')).json;
  section = tpl.sections.find(s => s.questions.some(q => q.id === Q)).id;
  kenya = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
  const page = await (await fetch(`${srv.base}/reports/${id}/edit?section=${section}`, { headers: { Cookie: kenya } })).text();
  csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  assert.match(page, /enctype="multipart\/form-data"/);
  assert.match(page, new RegExp(`type="file" id="v:${Q.replaceAll('.', '\\.')}"`));
});
after(async () => { if (srv) await srv.stop(); });

test('upload a PDF in the section form, see it on the form, download it; others cannot while it is a draft', async () => {
  const r = await postForm({}, { name: 'nap.pdf', bytes: PDF });
  assert.equal(r.status, 303);
  const ref = (await working()).answers[Q];
  assert.deepEqual(ref, { name: 'nap.pdf', type: 'application/pdf', bytes: PDF.length, sha256: sha(PDF) });
  const page = await (await fetch(`${srv.base}/reports/${id}/edit?section=${section}`, { headers: { Cookie: kenya } })).text();
  assert.match(page, new RegExp(`href="/reports/${id}/files/${sha(PDF)}"`));
  assert.match(page, /nap\.pdf/);
  assert.match(page, /name="v:coord\.nap\.file:remove"/);

  const d = await download(sha(PDF), { Cookie: kenya });
  assert.equal(d.status, 200);
  assert.equal(d.headers.get('content-type'), 'application/pdf');
  assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
  assert.match(d.headers.get('content-disposition'), /^attachment; filename="nap\.pdf"; filename\*=UTF-8''nap\.pdf$/);
  assert.match(d.headers.get('cache-control'), /no-store/);
  assert.ok(Buffer.from(await d.arrayBuffer()).equals(PDF));
  assert.equal((await download(sha(PDF), { Authorization: 'Bearer ' + t.unoda })).status, 200);

  // The public and another State: 404, as if there were nothing.
  for (const h of [{}, { Authorization: 'Bearer ' + t.france }]) {
    const x = await download(sha(PDF), h);
    assert.equal(x.status, 404);
    assert.ok(!Buffer.from(await x.arrayBuffer()).includes(PDF.subarray(0, 12)));
  }
  // A hash the report does not refer to, a malformed one, another report.
  assert.equal((await download('0'.repeat(64), { Cookie: kenya })).status, 404);
  assert.ok([400, 404].includes((await download('..%2F..%2Fetc%2Fpasswd', { Cookie: kenya })).status));
  assert.ok([400, 404].includes((await download(sha(PDF).toUpperCase(), { Cookie: kenya })).status), 'a name in upper case is not the file');
  assert.equal((await download(sha(PDF), { Cookie: kenya }, 999999)).status, 404);
});

test('a refused file is a field error; nothing is saved and what was typed comes back', async () => {
  const before = await working();
  const typed = { 'v:coord.targets': 'yes', 'rev:coord.targets': before.revs['coord.targets'] || 0,
    'v:coord.targets.details': 'TYPED-BUT-NOT-LOST', 'rev:coord.targets.details': 0 };
  // Not a PDF, whatever its name and claimed type say.
  let r = await postForm(typed, { name: 'fake.pdf', type: 'application/pdf', bytes: Buffer.from('<html><script>alert(1)</script>') });
  assert.equal(r.status, 422);
  let html = await r.text();
  assert.match(html, /error-summary/);
  assert.match(html, /not accepted/);
  assert.match(html, /TYPED-BUT-NOT-LOST/);
  // A ZIP that is not a document, and an image where only documents are accepted.
  r = await postForm(typed, { name: 'x.png', type: 'image/png', bytes: Buffer.from('\x89PNG\r\n\x1a\n0000', 'latin1') });
  assert.equal(r.status, 422);
  // Too large: one byte over max_bytes.
  const big = Buffer.alloc(10000001, 0x20);
  PDF.copy(big);
  r = await postForm(typed, { name: 'big.pdf', bytes: big });
  assert.equal(r.status, 422);
  html = await r.text();
  assert.match(html, /too large/);
  assert.match(html, /TYPED-BUT-NOT-LOST/);
  const after = await working();
  assert.deepEqual(after.answers, before.answers);
  assert.deepEqual(after.revs, before.revs);
});

test('hostile file names are stored clean and served safely', async () => {
  const cases = [
    [Buffer.from('../../etc/passwd'), n => n === 'passwd'],
    [Buffer.from('a%22b%0D%0ASet-Cookie: x=1.pdf'), n => n === 'a"b__Set-Cookie: x=1.pdf'],
    [Buffer.from('say \\"hi\\".pdf'), n => n === 'say "hi".pdf'],
    [Buffer.from('y'.repeat(300) + '.pdf'), n => n.length <= 200 && n.endsWith('.pdf')],
    [Buffer.from([0x66, 0xff, 0xfe, 0x2e, 0x70, 0x64, 0x66]), n => n.startsWith('f\uFFFD') && n.endsWith('.pdf')],
    [Buffer.from('\u202Efdp.exe'), n => !n.includes('\u202E')],
    [Buffer.from('..'), n => n === 'attachment'],
    [Buffer.from('<img src=x onerror=alert(1)>.pdf'), n => n === '<img src=x onerror=alert(1)>.pdf'],
  ];
  for (const [name, ok] of cases) {
    const r = await postForm({}, { name, bytes: PDF });
    assert.equal(r.status, 303, name.toString('latin1'));
    const ref = (await working()).answers[Q];
    assert.ok(ok(ref.name), `${name.toString('latin1')} -> ${JSON.stringify(ref.name)}`);
    assert.ok(!/[\u0000-\u001f\/\\]/.test(ref.name), ref.name);
    const d = await download(ref.sha256, { Cookie: kenya });
    assert.equal(d.status, 200);
    const cd = d.headers.get('content-disposition');
    assert.match(cd, /^attachment; filename="[A-Za-z0-9._\-+()]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]*$/, cd);
    assert.equal(decodeURIComponent(cd.split("UTF-8''")[1]), ref.name);
    const page = await (await fetch(`${srv.base}/reports/${id}?view=working`, { headers: { Cookie: kenya } })).text();
    assert.doesNotMatch(page, /<img src=x/);
  }
});

test('the API: upload, then refer; a hash not uploaded to this report is a 422 field error', async () => {
  const odd = Buffer.concat([PDF, Buffer.from('% api\n')]);
  let r = await call('POST', `/reports/${id}/files?name=plan.pdf&question=${Q}`, 'kenya', odd, { 'Content-Type': 'application/pdf' });
  assert.equal(r.status, 201);
  assert.deepEqual(r.json, { name: 'plan.pdf', type: 'application/pdf', bytes: odd.length, sha256: sha(odd) });
  const ref = r.json;
  assert.equal((await call('POST', `/reports/${id}/files?name=x.pdf`, 'kenya', odd, { 'Content-Type': 'text/plain' })).status, 415);
  assert.equal((await call('POST', `/reports/${id}/files?name=x.pdf`, 'kenya', Buffer.from('hello'), { 'Content-Type': 'application/pdf' })).status, 415);
  assert.equal((await call('POST', `/reports/${id}/files?name=x.pdf`, 'france', odd, { 'Content-Type': 'application/pdf' })).status, 404);
  assert.equal((await call('POST', `/reports/${id}/files?name=x.pdf`, 'unoda', odd, { 'Content-Type': 'application/pdf' })).status, 403);
  assert.equal((await call('POST', `/reports/${id}/files?name=x.pdf`, null, odd, { 'Content-Type': 'application/pdf' })).status, 401);
  // Beyond the ordinary body limit (1 MiB), only an account that edits reports may send a file.
  const twoMB = Buffer.concat([PDF, Buffer.alloc(2 << 20, 0x20)]);
  for (const who of [null, 'unoda'])
    assert.equal((await call('POST', `/reports/${id}/files?name=x.pdf`, who, twoMB, { 'Content-Type': 'application/pdf' })).status, 413, String(who));
  r = await call('POST', `/reports/${id}/files?name=big.pdf`, 'kenya', twoMB, { 'Content-Type': 'application/pdf' });
  assert.equal(r.status, 201);

  const rev = (await working()).revs[Q];
  const ghost = { ...ref, sha256: 'a'.repeat(64) };
  r = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: Q, value: ghost, rev }] });
  assert.equal(r.status, 422);
  assert.equal(r.json.error.errors[0].question, Q);
  assert.match(r.json.error.errors[0].message, /upload/);
  r = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: Q, value: { ...ref, bytes: 1 }, rev }] });
  assert.equal(r.status, 422);
  r = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: Q, value: ref, rev }] });
  assert.equal(r.status, 200);
  assert.deepEqual((await working()).answers[Q], ref);

  // Another State cannot borrow the file by naming its hash.
  const fra = (await call('POST', '/reports', 'france', { state: 'FRA', cycle: OPEN_CYCLE })).json.id;
  await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [{ question: 'coord.nap', value: 'yes', rev: 0 }] });
  r = await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [{ question: Q, value: ref, rev: 0 }] });
  assert.equal(r.status, 422);
  assert.equal((await download(ref.sha256, { Authorization: 'Bearer ' + t.france }, fra)).status, 404);
});

test('the remove box clears the file answer', async () => {
  const before = (await working()).answers[Q];
  assert.ok(before);
  let r = await postForm({ [`v:${Q}:remove`]: '1' });
  assert.equal(r.status, 303);
  assert.equal((await working()).answers[Q], undefined);
  assert.equal((await download(before.sha256, { Cookie: kenya })).status, 404);   // no longer referred to
  r = await postForm({}, { name: 'nap.pdf', bytes: PDF });
  assert.equal(r.status, 303);
});

test('a table file column: upload in a row, kept when the row is saved again, removed with its box', async () => {
  const T = 'assist.needs', F = `v:${T}:0:proposal_file`;
  await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'assist.needs.any', value: 'yes', rev: 0 }] });
  const page = await (await fetch(`${srv.base}/reports/${id}/edit?section=10`, { headers: { Cookie: kenya } })).text();
  assert.match(page, /enctype="multipart\/form-data"/);
  assert.match(page, /type="file" id="v:assist\.needs:0:proposal_file" name="v:assist\.needs:0:proposal_file" aria-label="[^"]+, row 1"/);
  const row = { [`v:${T}:0:category`]: 'marking_recordkeeping', [`v:${T}:0:kind`]: 'financial', [`v:${T}:0:description`]: 'Marking machines' };
  const doc = Buffer.concat([PDF, Buffer.from('% proposal\n')]);
  let r = await postForm({ ...row, [`rev:${T}`]: (await working()).revs[T] || 0 }, { field: F, name: 'proposal.pdf', bytes: doc }, kenya, 10);
  assert.equal(r.status, 303);
  let cell = (await working()).answers[T][0];
  assert.deepEqual(cell.proposal_file, { name: 'proposal.pdf', type: 'application/pdf', bytes: doc.length, sha256: sha(doc) });
  assert.equal(cell.description, 'Marking machines');
  assert.equal((await download(sha(doc), { Cookie: kenya })).status, 200);
  // Saved again without choosing a file: the row keeps it.
  r = await postForm({ ...row, [`v:${T}:0:description`]: 'Marking machines and training', [`rev:${T}`]: (await working()).revs[T] }, null, kenya, 10);
  assert.equal(r.status, 303);
  cell = (await working()).answers[T][0];
  assert.equal(cell.description, 'Marking machines and training');
  assert.equal(cell.proposal_file.sha256, sha(doc));
  // A refused file in a cell is a field error too.
  r = await postForm({ ...row, [`rev:${T}`]: (await working()).revs[T] }, { field: F, name: 'x.pdf', bytes: Buffer.from('nope') }, kenya, 10);
  assert.equal(r.status, 422);
  r = await postForm({ ...row, [`v:${T}:0:description`]: 'Marking machines and training', [`${F}:remove`]: '1', [`rev:${T}`]: (await working()).revs[T] }, null, kenya, 10);
  assert.equal(r.status, 303);
  assert.equal((await working()).answers[T][0].proposal_file, undefined);
});

test('a stale revision is a conflict: the new file is not stored and not shown as saved', async () => {
  const before = await working();
  const other = Buffer.concat([PDF, Buffer.from('% conflict\n')]);
  const r = await postForm({ [`rev:${Q}`]: before.revs[Q] - 1 }, { name: 'other.pdf', bytes: other });
  assert.equal(r.status, 409);
  const html = await r.text();
  assert.match(html, /error-summary/);
  assert.doesNotMatch(html, new RegExp('href="[^"]*' + sha(other)));   // listed among the conflicts, not linked
  assert.deepEqual((await working()).answers, before.answers);
  assert.equal((await download(sha(other), { Cookie: kenya })).status, 404);
});

test('after publication anyone downloads the file; the pages and the export show it', async () => {
  const poc = { name: 'A. Focal', organisation: 'Kenya National Focus Point', email: 'poc@example.org' };
  await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'coord.poc', value: poc, rev: 0 }] });
  const chk = await call('GET', `/reports/${id}/check`, 'kenya');
  assert.equal(chk.json.ready, true, JSON.stringify(chk.json.errors));
  assert.equal((await call('POST', `/reports/${id}/submit`, 'kenya')).status, 200);
  assert.equal((await call('POST', `/reports/${id}/publish`, 'unoda', { note: 'v1' })).status, 200);

  const d = await download(sha(PDF));
  assert.equal(d.status, 200);
  assert.ok(Buffer.from(await d.arrayBuffer()).equals(PDF));
  assert.equal((await download(sha(PDF), { Authorization: 'Bearer ' + t.france })).status, 200);
  const page = await (await fetch(`${srv.base}/reports/${id}`)).text();
  assert.match(page, new RegExp(`<a class="file" href="/reports/${id}/files/${sha(PDF)}" download>nap\\.pdf</a>`));
  assert.match(page, /\(\d+ bytes\)/);
  const pub = await call('GET', '/reports/' + id);
  assert.deepEqual(pub.json.answers[Q], { name: 'nap.pdf', type: 'application/pdf', bytes: PDF.length, sha256: sha(PDF) });
  const api = await fetch(`${srv.base}/api/v1/reports/${id}/files/${sha(PDF)}`);
  assert.equal(api.status, 200);
  assert.ok(Buffer.from(await api.arrayBuffer()).equals(PDF));
  const miss = await fetch(`${srv.base}/api/v1/reports/${id}/files/${'b'.repeat(64)}`);
  assert.equal(miss.status, 404);
  assert.equal((await miss.json()).error.status, 404);
  const doc = (await call('GET', '/openapi.json')).json;
  assert.ok(doc.paths['/reports/{id}/files'].post && doc.paths['/reports/{id}/files/{sha256}'].get);
  const js = await (await fetch(`${srv.base}/reports/${id}/export.json`)).json();
  assert.equal(js.answers[Q].sha256, sha(PDF));
  // A file of an earlier draft that the published version does not refer to stays hidden.
  assert.equal((await download(sha(Buffer.concat([PDF, Buffer.from('% api\n')])))).status, 404);
});

// ---- issue 9, the hostile findings: a file answer only where a file is asked, only a linked file ----

test('a file reference is refused outside a file question or column, even for a file linked to the report', async () => {
  const fra = (await call('POST', '/reports', 'france', { state: 'FRA', cycle: OPEN_CYCLE })).json.id;
  const w = async () => (await call('GET', '/reports/' + fra, 'france')).json;
  const doc = Buffer.concat([PDF, Buffer.from('% france\n')]);
  const ref = (await call('POST', `/reports/${fra}/files?name=plan.pdf`, 'france', doc, { 'Content-Type': 'application/pdf' })).json;
  assert.equal(ref.sha256, sha(doc));
  const revs = (await w()).revs;
  // A text question, a group member, a table's text column, a nested object: each a 422 naming the question.
  for (const [question, value] of [['challenges', ref], ['challenges', { note: ref }], ['coord.nap.years', { from: ref }],
    ['assist.needs', [{ category: 'marking_recordkeeping', description: ref }]], ['challenges', [ref]]]) {
    const r = await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [{ question, value, rev: revs[question] || 0 }] });
    assert.equal(r.status, 422, question + ' ' + JSON.stringify(value));
    assert.match(r.json.error.message, /file question/);
  }
  // The stolen hash of another State's file, in a text question: refused as well, and never downloadable here.
  const r = await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [{ question: 'challenges', value: { sha256: sha(PDF) }, rev: 0 }] });
  assert.equal(r.status, 422);
  assert.equal((await download(sha(PDF), { Authorization: 'Bearer ' + t.france }, fra)).status, 404);
  const answers = (await w()).answers;
  assert.deepEqual(Object.keys(answers).filter(k => JSON.stringify(answers[k]).includes('sha256')), []);
});

test('the download checks the link: a published answer naming a file not linked to its report serves nothing', async () => {
  // The command-line import takes published answers as they are; a file reference in them links no file.
  const { cli } = await import('./helpers.mjs');
  let state;
  for (const c of ['TUV', 'NRU', 'PLW', 'SMR', 'KIR', 'MCO', 'LIE', 'AND']) {
    const l = (await call('GET', `/reports?state=${c}&cycle=2026`, 'unoda')).json.reports;
    if (!l.length) { state = c; break; }
  }
  assert.ok(state, 'a State without a 2026 report');
  const line = JSON.stringify({ state, cycle: 2026, status: 'published', answers: { 'coord.nap': 'yes',
    'coord.nap.file': { name: 'stolen.pdf', type: 'application/pdf', bytes: PDF.length, sha256: sha(PDF) } } });
  cli(['import', '--db', srv.db], line + '\n');
  const rid = (await call('GET', `/reports?state=${state}&cycle=2026`, 'unoda')).json.reports[0].id;
  assert.equal((await call('GET', '/reports/' + rid, 'unoda')).json.answers['coord.nap.file'].sha256, sha(PDF));
  for (const h of [{}, { Authorization: 'Bearer ' + t.unoda }]) {
    assert.equal((await download(sha(PDF), h, rid)).status, 404);
    assert.equal((await fetch(`${srv.base}/api/v1/reports/${rid}/files/${sha(PDF)}`, { headers: h })).status, 404);
  }
  assert.equal((await download(sha(PDF), {}, id)).status, 200);   // where it is linked and published, it is served
});

test('answers to inactive questions are dropped at save and never published', async () => {
  const fra = (await call('GET', `/reports?state=FRA&cycle=${OPEN_CYCLE}`, 'france')).json.reports[0].id;
  const w = async () => (await call('GET', '/reports/' + fra, 'france')).json;
  const doc = Buffer.concat([PDF, Buffer.from('% inactive\n')]);
  const ref = (await call('POST', `/reports/${fra}/files?name=nap.pdf&question=${Q}`, 'france', doc, { 'Content-Type': 'application/pdf' })).json;
  let revs = (await w()).revs;
  let r = await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [
    { question: 'coord.nap', value: 'yes', rev: revs['coord.nap'] || 0 },
    { question: 'coord.nap.years', value: { from: 2024, to: 2028 }, rev: revs['coord.nap.years'] || 0 },
    { question: Q, value: ref, rev: revs[Q] || 0 }] });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.deepEqual((await w()).answers[Q], ref);
  // "No" makes the plan's years and file inactive: both are cleared by the same save, and said so.
  revs = (await w()).revs;
  r = await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [{ question: 'coord.nap', value: 'no', rev: revs['coord.nap'] }] });
  assert.equal(r.status, 200);
  const dropped = r.json.answers.filter(a => a.dropped).map(a => a.question).sort();
  assert.deepEqual(dropped, ['coord.nap.file', 'coord.nap.years']);
  const now = await w();
  assert.equal(now.answers[Q], undefined);
  assert.equal(now.answers['coord.nap.years'], undefined);
  assert.equal((await download(sha(doc), { Authorization: 'Bearer ' + t.france }, fra)).status, 404);
  // Saving an answer to an inactive question keeps nothing either.
  r = await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [{ question: 'coord.nap.years', value: { from: 2020, to: 2021 }, rev: 0 }] });
  assert.equal(r.status, 200);
  assert.equal(r.json.answers[0].dropped, true);
  assert.equal((await w()).answers['coord.nap.years'], undefined);
  // Published: only active answers.
  const poc = { name: 'B. Focal', organisation: 'France', email: 'poc@example.org' };
  await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [{ question: 'coord.poc', value: poc, rev: (await w()).revs['coord.poc'] || 0 }] });
  assert.equal((await call('POST', `/reports/${fra}/submit`, 'france')).status, 200);
  assert.equal((await call('POST', `/reports/${fra}/publish`, 'unoda', { note: 'v' })).status, 200);
  const pub = (await call('GET', '/reports/' + fra)).json;
  assert.equal(pub.answers['coord.nap'], 'no');
  assert.equal(pub.answers['coord.nap.years'], undefined);
  assert.equal(pub.answers[Q], undefined);
});

test('uploading the unchanged workbook through the API keeps the file answers, like the form', async () => {
  const fra = (await call('GET', `/reports?state=FRA&cycle=${OPEN_CYCLE}`, 'france')).json.reports[0].id;
  await call('POST', `/reports/${fra}/reopen`, 'france');
  const w = async () => (await call('GET', '/reports/' + fra, 'france')).json;
  const doc = Buffer.concat([PDF, Buffer.from('% workbook\n')]);
  const ref = (await call('POST', `/reports/${fra}/files?name=nap.pdf&question=${Q}`, 'france', doc, { 'Content-Type': 'application/pdf' })).json;
  const revs = (await w()).revs;
  let r = await call('PATCH', `/reports/${fra}/answers`, 'france', { changes: [
    { question: 'coord.nap', value: 'yes', rev: revs['coord.nap'] }, { question: Q, value: ref, rev: revs[Q] || 0 }] });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const before = (await w()).answers;
  const xlsx = Buffer.from(await (await fetch(`${srv.base}/reports/${fra}/workbook.xlsx`, { headers: { Authorization: 'Bearer ' + t.france } })).arrayBuffer());
  const up = await fetch(`${srv.base}/api/v1/reports/${fra}/workbook`, { method: 'POST', body: xlsx,
    headers: { Authorization: 'Bearer ' + t.france, 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
  assert.equal(up.status, 200, await up.clone().text());
  const after_ = (await w()).answers;
  assert.deepEqual(after_[Q], ref);
  assert.deepEqual(after_, before);
  assert.equal((await download(sha(doc), { Authorization: 'Bearer ' + t.france }, fra)).status, 200);
});

test('the command-line import does not publish answers to inactive questions either', async () => {
  const { cli } = await import('./helpers.mjs');
  let state;
  for (const c of ['MHL', 'FSM', 'TON', 'WSM', 'VUT', 'SLB', 'BRN', 'MDV']) {
    if (!(await call('GET', `/reports?state=${c}&cycle=2026`, 'unoda')).json.reports.length) { state = c; break; }
  }
  assert.ok(state);
  cli(['import', '--db', srv.db], JSON.stringify({ state, cycle: 2026, status: 'published',
    answers: { 'coord.nap': 'no', 'coord.nap.years': { from: 2020, to: 2024 }, 'coord.body': 'yes' } }) + '\n');
  const rid = (await call('GET', `/reports?state=${state}&cycle=2026`, 'unoda')).json.reports[0].id;
  const pub = (await call('GET', '/reports/' + rid)).json.answers;
  assert.equal(pub['coord.nap'], 'no');
  assert.equal(pub['coord.body'], 'yes');
  assert.equal(pub['coord.nap.years'], undefined);
});
