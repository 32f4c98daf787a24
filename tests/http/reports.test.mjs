// National reports through the API: start, save, conflicts, check, submit, publish, correct; who sees what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, OPEN_CYCLE } from './helpers.mjs';

let srv, t = {};
before(async () => {
  srv = await startServer();
  for (const u of ['kenya', 'france', 'peru', 'unoda', 'donor', 'admin']) t[u] = srv.token(u);
});
after(async () => { if (srv) await srv.stop(); });

const call = async (method, path, who, body) => {
  const headers = who ? { Authorization: 'Bearer ' + t[who] } : {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(srv.base + '/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: await r.json() };
};

test('templates: every cycle, with the taxonomy; unknown cycle 404, malformed 400', async () => {
  for (const y of [2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024, 2026]) {
    const r = await call('GET', '/templates/' + y);
    assert.equal(r.status, 200);
    assert.equal(r.json.cycle, y);
    assert.ok(r.json.taxonomy.categories.length >= 18);
  }
  assert.equal((await call('GET', '/templates/2019')).status, 404);
  assert.equal((await call('GET', '/templates/abc')).status, 400);
});

test('a report from draft to version 2, and who may see what on the way', async () => {
  // Only Kenya's focal point starts Kenya's report.
  assert.equal((await call('POST', '/reports', 'france', { state: 'KEN', cycle: OPEN_CYCLE })).status, 403);
  assert.equal((await call('POST', '/reports', null, { state: 'KEN', cycle: OPEN_CYCLE })).status, 401);
  assert.equal((await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: 2022 })).status, 409);  // closed cycle
  const start = await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: OPEN_CYCLE });
  assert.equal(start.status, 201);
  const id = start.json.id;
  assert.equal((await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: OPEN_CYCLE })).json.id, id);  // same report again
  // Pre-filled from Kenya's latest published report: the demo published Kenya's 2022 and 2024 reports.
  const v2024 = (await call('GET', `/reports?state=KEN&cycle=2024`)).json.reports[0];
  assert.equal(v2024.status, 'published');
  const prefilled = (await call('GET', '/reports/' + id, 'kenya')).json.answers;
  assert.ok(Object.keys(prefilled).length > 20);
  assert.deepEqual(prefilled['coord.poc'], (await call('GET', '/reports/' + v2024.id)).json.answers['coord.poc']);
  // The rest of this test starts from no answers: an import of none clears them.
  assert.equal((await call('POST', `/reports/${id}/import`, 'kenya', { answers: {} })).status, 200);
  assert.deepEqual((await call('GET', '/reports/' + id, 'kenya')).json.answers, {});

  // A draft is invisible to the public, to other States and to partners: 404, as if it did not exist.
  for (const who of [null, 'france', 'donor']) {
    assert.equal((await call('GET', '/reports/' + id, who)).status, 404, String(who));
    assert.equal((await call('GET', `/reports?state=KEN&cycle=${OPEN_CYCLE}`, who)).json.count, 0, String(who));
    assert.equal((await call('GET', '/reports?state=KEN', who)).json.count, 2, String(who));   // 2022 and 2024
  }
  assert.equal((await call('GET', '/reports/' + id, 'unoda')).status, 200);

  // Save, even when invalid (with a warning); a stale revision is a conflict showing both values.
  let r = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [
    { question: 'coord.body', value: 'yes', rev: 0 },
    { question: 'coord.body.members', value: { women: 'many' }, rev: 0 },
  ] });
  assert.equal(r.status, 200);
  assert.ok(r.json.answers.find(a => a.question === 'coord.body.members').warning);
  r = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'coord.body', value: 'no', rev: 0 }] });
  assert.equal(r.status, 409);
  assert.deepEqual(r.json.error.conflicts[0], { question: 'coord.body', yours: 'no', theirs: 'yes', rev: 1, your_rev: 0 });
  assert.equal((await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'no.such', value: 1, rev: 0 }] })).status, 422);
  assert.equal((await call('PATCH', `/reports/${id}/answers`, 'france', { changes: [{ question: 'coord.body', value: 'no', rev: 1 }] })).status, 404);
  assert.equal((await call('PATCH', `/reports/${id}/answers`, 'unoda', { changes: [{ question: 'coord.body', value: 'no', rev: 1 }] })).status, 403);

  // Check lists the errors; submit refuses until they are fixed.
  r = await call('GET', `/reports/${id}/check`, 'kenya');
  assert.equal(r.json.ready, false);
  assert.ok(r.json.errors.some(e => e.question === 'coord.body.members'));
  assert.equal((await call('POST', `/reports/${id}/submit`, 'kenya')).status, 422);
  const poc = { title: 'Mr', name: 'A. Focal', organisation: 'Kenya National Focus Point', email: 'poc@example.org' };
  r = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [
    { question: 'coord.body.members', value: { women: 4, men: 7 }, rev: 1 },
    { question: 'coord.poc', value: poc, rev: 0 },
  ] });
  assert.equal(r.status, 200);
  assert.equal((await call('GET', `/reports/${id}/check`, 'kenya')).json.ready, true);
  assert.equal((await call('POST', `/reports/${id}/submit`, 'kenya')).status, 200);
  assert.equal((await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'coord.body', value: 'no', rev: 1 }] })).status, 409);

  // Only the Secretariat returns (with a comment) or publishes.
  assert.equal((await call('POST', `/reports/${id}/publish`, 'kenya')).status, 403);
  assert.equal((await call('POST', `/reports/${id}/return`, 'unoda', {})).status, 422);
  assert.equal((await call('POST', `/reports/${id}/return`, 'unoda', { comment: 'Please add the laws.' })).status, 200);
  assert.equal((await call('GET', '/reports/' + id, 'kenya')).json.events.at(-1).comment, 'Please add the laws.');
  assert.equal((await call('POST', `/reports/${id}/submit`, 'kenya')).status, 200);
  assert.equal((await call('POST', `/reports/${id}/publish`, 'unoda', { note: 'First version' })).status, 200);

  // Published: the public sees version 1.
  r = await call('GET', '/reports/' + id);
  assert.equal(r.status, 200);
  assert.equal(r.json.version, 1);
  assert.equal(r.json.answers['coord.body'], 'yes');
  assert.equal(r.json.revs, undefined);
  assert.equal(r.json.events, undefined);
  assert.equal((await call('GET', `/reports?state=KEN&status=published&cycle=${OPEN_CYCLE}`)).json.count, 1);
  assert.equal((await call('GET', '/reports?state=KEN&status=published')).json.count, 3);   // with 2022 and 2024

  // A correction: reopen, change, resubmit, publish: version 2 with a visible diff; version 1 is kept.
  assert.equal((await call('POST', `/reports/${id}/reopen`, 'kenya')).status, 200);
  r = await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'coord.body', value: 'developing', rev: 1 }] });
  assert.equal(r.status, 200);
  assert.equal((await call('GET', '/reports/' + id)).json.answers['coord.body'], 'yes');   // the public still sees v1
  assert.equal((await call('POST', `/reports/${id}/submit`, 'kenya')).status, 200);
  assert.equal((await call('POST', `/reports/${id}/publish`, 'unoda', { note: 'Correction' })).status, 200);
  r = await call('GET', '/reports/' + id);
  assert.equal(r.json.version, 2);
  assert.equal(r.json.versions.length, 2);
  assert.deepEqual(r.json.versions[1].changes, [{ question: 'coord.body', before: 'yes', after: 'developing' }]);
  assert.equal(r.json.answers['coord.body'], 'developing');

  // Audit trail.
  const audit = await call('GET', '/audit?limit=200', 'unoda');
  for (const a of ['report.start', 'report.save', 'report.submit', 'report.return', 'report.publish', 'report.reopen'])
    assert.ok(audit.json.entries.some(e => e.action === a), a);
});

test('bad input on report routes gets 4xx', async () => {
  assert.equal((await call('GET', '/reports/abc')).status, 400);
  assert.equal((await call('GET', '/reports/999999')).status, 404);
  assert.equal((await call('GET', '/reports?state=XXXX')).status, 400);
  assert.equal((await call('GET', '/reports?cycle=20x6')).status, 400);
  assert.equal((await call('GET', '/reports?status=lost')).status, 400);
  assert.equal((await call('POST', '/reports', 'kenya', { state: 'KEN' })).status, 422);
  // Report 1 is another State's: refused before its body is read (issue 13), whatever the body.
  assert.equal((await call('PATCH', '/reports/1/answers', 'kenya', { changes: [] })).status, 404);
  assert.equal((await call('PATCH', '/reports/1/answers', 'kenya', { changes: 'x' })).status, 404);
  assert.equal((await call('POST', '/reports/1/explode', 'kenya')).status, 404);
});

test('JSON import is all or nothing; CSV and JSON exports guard formulas and hide drafts', async () => {
  const id = (await call('POST', '/reports', 'france', { state: 'FRA', cycle: OPEN_CYCLE })).json.id;
  const prefilled = (await call('GET', '/reports/' + id, 'france')).json.answers;   // from France's 2024 report
  assert.ok(Object.keys(prefilled).length > 20);
  const bad = await call('POST', `/reports/${id}/import`, 'france', { answers: { 'coord.body': 'perhaps', 'no.such': 1, 'coord.poc': { name: 'X' } } });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.errors.length, 2);
  assert.deepEqual((await call('GET', '/reports/' + id, 'france')).json.answers, prefilled);   // nothing half-written
  const good = await call('POST', `/reports/${id}/import`, 'france', { answers: {
    'coord.body': 'developing', 'coord.poc': { name: '=HYPERLINK("http://evil")', email: 'a@example.org' },
    'challenges': '+1 said "hello", then left',
  } });
  assert.equal(good.status, 200);
  const rep = await call('GET', '/reports/' + id, 'france');
  assert.equal(rep.json.answers['coord.body'], 'developing');
  assert.equal((await call('POST', `/reports/${id}/import`, 'kenya', { answers: {} })).status, 404);
  // Exports: the public cannot download a draft.
  assert.equal((await fetch(`${srv.base}/reports/${id}/export.csv`)).status, 404);
  const raw = Buffer.from(await (await fetch(`${srv.base}/reports/${id}/export.csv`, { headers: { Authorization: 'Bearer ' + t.france } })).arrayBuffer());
  assert.deepEqual([...raw.subarray(0, 3)], [0xEF, 0xBB, 0xBF]);
  const csv = raw.subarray(3).toString('utf8');
  assert.match(csv, /^question,number,section,text,answer\r\n/);
  assert.match(csv, /"'\+1 said ""hello"", then left"/);
  assert.doesNotMatch(csv, /,=HYPERLINK/);
  const js = await fetch(`${srv.base}/reports/${id}/export.json`, { headers: { Authorization: 'Bearer ' + t.france } });
  assert.ok(js.headers.get('content-disposition').includes(`attachment; filename="poaiss-FRA-${OPEN_CYCLE}.json"`));
  assert.equal((await js.json()).answers['coord.body'], 'developing');
});

test('pages never show a draft to the public or to another State', async () => {
  const id = (await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: OPEN_CYCLE })).json.id;
  // Make sure a draft exists: reopen whatever state the earlier test left it in.
  await call('POST', `/reports/${id}/reopen`, 'kenya');
  const rev = (await call('GET', '/reports/' + id, 'kenya')).json.revs?.challenges ?? 0;
  assert.equal((await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'challenges', value: 'SECRET-DRAFT-TEXT', rev }] })).status, 200);
  const { login } = await import('./helpers.mjs');
  const fr = (await login(srv.base, 'france', 'france-demo-2026')).cookie;
  const donor = (await login(srv.base, 'donor', 'donor-demo-2026')).cookie;
  for (const [who, cookie] of [['public', null], ['france', fr], ['donor', donor]]) {
    for (const path of [`/reports/${id}?view=working`, `/reports/${id}/export.csv`, `/reports/${id}/export.json`, `/reports/${id}/check`, `/reports/${id}/edit`, '/states/KEN', `/cycles/${OPEN_CYCLE}`]) {
      const r = await fetch(srv.base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
      const body = await r.text();
      assert.doesNotMatch(body, /SECRET-DRAFT-TEXT/, `${who} ${path}`);
      if (path.includes('view=working') || path.includes('export')) {
        // A published version may exist (earlier tests); the working copy must not leak either way.
        assert.ok([200, 404].includes(r.status), `${who} ${path} ${r.status}`);
      }
    }
  }
  const k = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
  const own = await (await fetch(`${srv.base}/reports/${id}?view=working`, { headers: { Cookie: k } })).text();
  assert.match(own, /SECRET-DRAFT-TEXT/);
});

test('the offline round trip: download the workbook, upload it through the page form; a bad file changes nothing', async () => {
  const { login } = await import('./helpers.mjs');
  const id = (await call('POST', '/reports', 'peru', { state: 'PER', cycle: OPEN_CYCLE })).json.id;
  const rev = (await call('GET', '/reports/' + id, 'peru')).json.revs?.['coord.body'] ?? 0;   // pre-filled from 2024
  assert.equal((await call('PATCH', `/reports/${id}/answers`, 'peru', { changes: [{ question: 'coord.body', value: 'developing', rev }] })).status, 200);
  const xlsx = await (await fetch(`${srv.base}/reports/${id}/workbook.xlsx`, { headers: { Authorization: 'Bearer ' + (t.peru ||= srv.token('peru')) } })).arrayBuffer();
  assert.ok(xlsx.byteLength > 1000);
  const cookie = (await login(srv.base, 'peru', 'peru-demo-2026')).cookie;
  const page = await (await fetch(`${srv.base}/reports/${id}/edit`, { headers: { Cookie: cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  const upload = async (bytes, withCsrf = true) => {
    const fd = new FormData();
    if (withCsrf) fd.append('csrf', csrf);
    fd.append('file', new Blob([bytes]), 'report.xlsx');
    return fetch(`${srv.base}/reports/${id}/upload`, { method: 'POST', body: fd, headers: { Cookie: cookie }, redirect: 'manual' });
  };
  assert.equal((await upload(xlsx, false)).status, 403);
  const bad = await upload(new TextEncoder().encode('not a workbook'));
  assert.equal(bad.status, 422);
  assert.match(await bad.text(), /error-summary/);
  const ok = await upload(xlsx);
  assert.equal(ok.status, 303);
  assert.equal((await call('GET', '/reports/' + id, 'peru')).json.answers['coord.body'], 'developing');
  assert.equal((await fetch(`${srv.base}/reports/${id}/workbook.xlsx`)).status, 404);   // a draft: not for the public
});
