// Bounded work for every request (issue 13): hostile workbooks refused fast with memory flat and a
// message the user can act on; the asker's rights checked before a body is parsed; searches and
// analyses stopped past their time budget with a 503 that says what to do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync, crc32 } from 'node:zlib';
import { startServer, login, OPEN_CYCLE } from './helpers.mjs';

let srv, t = {};
before(async () => {
  srv = await startServer();
  for (const u of ['peru', 'unoda', 'admin', 'france']) t[u] = srv.token(u);
});
after(async () => { if (srv) await srv.stop(); });

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const WORKBOOK = `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="About" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const RELS = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

// A zip of [name, Buffer] entries, deflated or stored: just what minizip needs.
function zip(entries, deflate) {
  const locals = [], centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const body = deflate ? deflateRawSync(data, { level: 9 }) : data;
    const n = Buffer.from(name);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(deflate ? 8 : 0, 8);
    head.writeUInt32LE(crc32(data), 14); head.writeUInt32LE(body.length, 18); head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(n.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(deflate ? 8 : 0, 10);
    cen.writeUInt32LE(crc32(data), 16); cen.writeUInt32LE(body.length, 20); cen.writeUInt32LE(data.length, 24);
    cen.writeUInt16LE(n.length, 28); cen.writeUInt32LE(offset, 42);
    locals.push(head, n, body);
    centrals.push(cen, n);
    offset += 30 + n.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}
const book = (sheet, deflate) => zip([['xl/workbook.xml', Buffer.from(WORKBOOK)], ['xl/_rels/workbook.xml.rels', Buffer.from(RELS)],
  ['xl/worksheets/sheet1.xml', Buffer.from(sheet)]], deflate);

// The server's peak resident memory (kB).
const hwm = () => Number(readFileSync(`/proc/${srv.proc.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)[1]);

const postBook = (id, who, body) => fetch(`${srv.base}/api/v1/reports/${id}/workbook`, {
  method: 'POST', body, headers: { Authorization: 'Bearer ' + t[who], 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
});

async function peruReport() {
  const r = await fetch(srv.base + '/api/v1/reports', { method: 'POST', headers: { Authorization: 'Bearer ' + t.peru, 'Content-Type': 'application/json' },
    body: JSON.stringify({ state: 'PER', cycle: OPEN_CYCLE }) });
  return (await r.json()).id;
}

test('the issue\'s bomb (6 million nested elements, about 20 KB deflated) is refused at once, memory flat, 422 with a message', async () => {
  const id = await peruReport();
  const bomb = book('<worksheet><sheetData>' + '<a>'.repeat(6_000_000), true);
  assert.ok(bomb.length < 60_000, `the bomb is ${bomb.length} bytes`);
  const before = hwm();
  const t0 = Date.now();
  const r = await postBook(id, 'peru', bomb);
  assert.equal(r.status, 422);
  assert.match((await r.json()).error.message, /too large once unpacked.*compressed more than 200 times/);
  assert.ok(Date.now() - t0 < 3000);
  // Stored, it is read up to the 65th level and no further.
  const deep = book('<worksheet><sheetData>' + '<a>'.repeat(200_000), false);
  const d = await postBook(id, 'peru', deep);
  assert.equal(d.status, 422);
  assert.match((await d.json()).error.message, /nested too deeply/);
  assert.ok(hwm() - before < 64 * 1024, `peak memory grew by ${hwm() - before} kB`);
  // The upload form shows it on its error page, with the way back to the form.
  const cookie = (await login(srv.base, 'peru', 'peru-demo-2026')).cookie;
  const page = await (await fetch(`${srv.base}/reports/${id}/edit`, { headers: { Cookie: cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('file', new Blob([bomb]), 'report.xlsx');
  const up = await fetch(`${srv.base}/reports/${id}/upload`, { method: 'POST', body: fd, headers: { Cookie: cookie }, redirect: 'manual' });
  assert.equal(up.status, 422);
  const html = await up.text();
  assert.match(html, /error-summary/);
  assert.match(html, /too large once unpacked/);
  assert.match(html, new RegExp(`href="/reports/${id}/edit"`));
  // The server is fine.
  assert.equal((await fetch(srv.base + '/states')).status, 200);
});

test('the Secretariat, an admin and another State are refused before the body is parsed', async () => {
  const id = await peruReport();
  const garbage = Buffer.from('not a workbook at all');
  // A body that cannot be read would be a 422 (workbook) or 400 (JSON) once parsed: the refusal comes first.
  for (const who of ['unoda', 'admin', 'france']) {
    const w = await postBook(id, who, garbage);
    assert.ok([403, 404].includes(w.status), `${who}: workbook ${w.status}`);
    for (const [method, path] of [['PATCH', `/reports/${id}/answers`], ['POST', `/reports/${id}/import`]]) {
      const r = await fetch(`${srv.base}/api/v1${path}`, { method, body: '{"answers": [[[[', headers: { Authorization: 'Bearer ' + t[who], 'Content-Type': 'application/json' } });
      assert.ok([403, 404].includes(r.status), `${who}: ${method} ${path} ${r.status}`);
    }
  }
  // The Secretariat sees the draft, so it is told why: 403.
  const s = await postBook(id, 'unoda', garbage);
  assert.equal(s.status, 403);
  assert.match((await s.json()).error.message, /points of contact/);
  // Through the pages too (the section form and the upload form), with a valid CSRF token.
  const { cookie } = await login(srv.base, 'unoda', 'unoda-demo-2026');
  const acc = await (await fetch(srv.base + '/account', { headers: { Cookie: cookie } })).text();
  const csrf = acc.match(/name="csrf" value="([^"]+)"/)[1];
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('file', new Blob([garbage]), 'report.xlsx');
  assert.equal((await fetch(`${srv.base}/reports/${id}/upload`, { method: 'POST', body: fd, headers: { Cookie: cookie }, redirect: 'manual' })).status, 403);
  const form = await fetch(`${srv.base}/reports/${id}/edit`, { method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(csrf)}&v%3Acoord.body=developing` });
  assert.equal(form.status, 403);
  // The State's own focal point still gets the 422 that says what is wrong with the file.
  assert.equal((await postBook(id, 'peru', garbage)).status, 422);
});

test('a workbook over the ordinary 1 MiB body limit: read for the State\'s focal point (the upload limit), 413 for others', async () => {
  const id = await peruReport();
  const big = Buffer.concat([Buffer.from('not a workbook, '), Buffer.alloc(2 << 20, 0x20)]);   // 2 MiB
  // The API: past the body limit, so read, and refused for what it is (422), not for its size.
  assert.equal((await postBook(id, 'peru', big)).status, 422);
  assert.equal((await postBook(id, 'unoda', big)).status, 413);
  // The upload form (multipart), as the section form with a file already was.
  for (const [who, want] of [['peru', 422], ['unoda', 413]]) {
    const { cookie } = await login(srv.base, who, `${who}-demo-2026`);
    const acc = await (await fetch(srv.base + '/account', { headers: { Cookie: cookie } })).text();
    const fd = new FormData();
    fd.append('csrf', acc.match(/name="csrf" value="([^"]+)"/)[1]);
    fd.append('file', new Blob([big]), 'report.xlsx');
    const r = await fetch(`${srv.base}/reports/${id}/upload`, { method: 'POST', body: fd, headers: { Cookie: cookie }, redirect: 'manual' });
    assert.equal(r.status, want, who);
    if (want === 422) assert.match(await r.text(), /error-summary/);
  }
});

test('a search or an analysis past its time budget is a 503 that says to narrow the query; other pages are not budgeted', async () => {
  const tight = await startServer({ extraArgs: ['--query-budget-ms', '0.001'] });
  try {
    for (const path of ['/search?q=marking+weapons', '/analysis/reporting', '/questions/coord.body']) {
      const r = await fetch(tight.base + path);
      assert.equal(r.status, 503, path);
      assert.equal(r.headers.get('retry-after'), '10');
      assert.match(await r.text(), /narrower query/);
    }
    const a = await fetch(tight.base + '/api/v1/search?q=marking');
    assert.equal(a.status, 503);
    assert.match(a.headers.get('content-type'), /json/);
    const j = await a.json();
    assert.equal(j.error.status, 503);
    assert.match(j.error.message, /narrower query/);
    // Not cached: asked again, still refused, not a cached failure nor a cached partial page.
    assert.equal((await fetch(tight.base + '/search?q=marking+weapons')).status, 503);
    assert.equal((await fetch(tight.base + '/states')).status, 200);
    assert.equal((await fetch(tight.base + '/states/PER')).status, 200);
    // An interrupted query is the budget at work, not a database error: nothing of the kind on stderr.
    assert.doesNotMatch(tight.stderr(), /database error|interrupted/);
  } finally {
    await tight.stop();
  }
  // With the default budget (2 s) the same queries are answered.
  assert.equal((await fetch(srv.base + '/search?q=marking+weapons')).status, 200);
  assert.equal((await fetch(srv.base + '/api/v1/search?q=marking')).status, 200);
  // The option is checked.
  const { cli } = await import('./helpers.mjs');
  assert.throws(() => cli(['serve', '--db', srv.db, '--query-budget-ms', '0']), /query-budget-ms/);
});

test('a workbook with 1,000 bad cells lists 200 of them and counts the rest (API: error.more; form: "…and 800 more problems")', async () => {
  const id = await peruReport();
  const is = (ref, text) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const about = `<worksheet ${NS}><sheetData><row r="3">${is('A3', 'Reporting cycle')}<c r="B3"><v>${OPEN_CYCLE}</v></c></row>` +
    `<row r="20">${is('A20', 'Format')}${is('B20', 'poaiss-workbook 1')}</row></sheetData></worksheet>`;
  let rows = `<row r="1">${is('A1', 'coord.body')}${is('D1', 'Yes')}</row>`;
  for (let r = 2; r < 1002; r++) rows += `<row r="${r}">${is('A' + r, 'no.such.question')}${is('D' + r, 'x')}</row>`;
  const wb = `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="About" sheetId="1" r:id="rId1"/>` +
    '<sheet name="Answers" sheetId="2" r:id="rId2"/></sheets></workbook>';
  const rels = RELS.replace('</Relationships>', '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>');
  const bytes = zip([['xl/workbook.xml', Buffer.from(wb)], ['xl/_rels/workbook.xml.rels', Buffer.from(rels)],
    ['xl/worksheets/sheet1.xml', Buffer.from(about)], ['xl/worksheets/sheet2.xml', Buffer.from(`<worksheet ${NS}><sheetData>${rows}</sheetData></worksheet>`)]], true);
  const r = await postBook(id, 'peru', bytes);
  assert.equal(r.status, 422);
  const err = (await r.json()).error;
  assert.equal(err.errors.length, 200);
  assert.equal(err.more, 800);
  assert.equal(err.errors[0].cell, 'A2');
  const cookie = (await login(srv.base, 'peru', 'peru-demo-2026')).cookie;
  const csrf = (await (await fetch(`${srv.base}/reports/${id}/edit`, { headers: { Cookie: cookie } })).text()).match(/name="csrf" value="([^"]+)"/)[1];
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('file', new Blob([bytes]), 'report.xlsx');
  const up = await fetch(`${srv.base}/reports/${id}/upload`, { method: 'POST', body: fd, headers: { Cookie: cookie }, redirect: 'manual' });
  assert.equal(up.status, 422);
  const html = await up.text();
  assert.equal(html.split('<tr><td>Answers</td>').length - 1, 200);
  assert.match(html, /…and 800 more problems/);
});
