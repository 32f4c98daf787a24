// The reporting workflow for every role: the Secretariat's desk, returning with a comment that
// reaches the State, the State's account page and confirmations, publishing with a public note.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './helpers.mjs';

let srv, t = {}, c = {}, cycle, id;
before(async () => {
  srv = await startServer();
  for (const u of ['kenya', 'france', 'unoda', 'donor', 'admin']) {
    t[u] = srv.token(u);
    c[u] = (await login(srv.base, u, u + '-demo-2026')).cookie;
  }
  const cycles = await (await fetch(srv.base + '/api/v1/cycles')).json();
  cycle = (cycles.cycles || cycles).find(x => x.status === 'open').year;
});
after(async () => { if (srv) await srv.stop(); });

const api = async (method, path, who, body) => {
  const headers = who ? { Authorization: 'Bearer ' + t[who] } : {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(srv.base + '/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, json: await r.json(), headers: r.headers };
};
const page = async (path, who) => {
  const r = await fetch(srv.base + path, { redirect: 'manual', headers: who ? { Cookie: c[who] } : {} });
  return { status: r.status, html: await r.text(), headers: r.headers };
};
// Post a form as a browser would: the CSRF token from a page of the same session.
const post = async (path, who, fields, from = '/account') => {
  const csrf = (await page(from, who)).html.match(/name="csrf" value="([^"]+)"/)[1];
  const r = await fetch(srv.base + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: c[who], 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }),
  });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};

test('Kenya submits and gets a confirmation; Edit on a submitted report says to withdraw it', async () => {
  let r = await page('/account', 'kenya');
  assert.equal(r.status, 200);
  assert.match(r.html, new RegExp(`Start the ${cycle} report`));
  assert.match(r.html, /class="tag tag-(not_started|late)"/);
  id = (await api('POST', '/reports', 'kenya', { state: 'KEN', cycle })).json.id;
  // The report starts pre-filled from Kenya's latest published report (the demo's 2024 one).
  const start = (await api('GET', `/reports/${id}`, 'kenya')).json;
  const published = (await api('GET', '/reports?state=KEN&status=published')).json.reports;
  assert.deepEqual(published.map(x => x.cycle).sort(), [2022, 2024]);
  assert.ok(Object.keys(start.answers).length > 20, 'pre-filled');
  assert.ok(start.answers['coord.poc'], 'the point of contact is carried over');
  const rev = q => start.revs?.[q] ?? 0;
  const poc = { title: 'Mr', name: 'A. Focal', organisation: 'Kenya National Focus Point', email: 'poc@example.org' };
  const saved = await api('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [
    { question: 'coord.body', value: 'no', rev: rev('coord.body') }, { question: 'coord.poc', value: poc, rev: rev('coord.poc') }] });
  assert.equal(saved.status, 200);
  let r2 = await api('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'challenges', value: 'First text.', rev: rev('challenges') }] });
  assert.equal(r2.status, 200);
  r2 = await api('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'challenges', value: 'Second text.', rev: rev('challenges') + 1 }] });
  assert.equal(r2.status, 200);
  assert.equal((await api('GET', `/reports/${id}/check`, 'kenya')).json.ready, true);
  r = await page('/account', 'kenya');
  assert.match(r.html, /class="tag tag-(draft|late)">(Draft|Late)</);
  assert.match(r.html, new RegExp(`/reports/${id}/edit`));

  r = await post(`/reports/${id}/submit`, 'kenya', {});
  assert.equal(r.status, 303);
  assert.equal(r.location, `/reports/${id}/submitted`);
  r = await page(r.location, 'kenya');
  assert.equal(r.status, 200);
  assert.match(r.html, /class="panel"><h1>Report submitted<\/h1>/);
  assert.match(r.html, new RegExp(`KEN-${cycle}-${id}`));
  assert.match(r.html, /What happens next/);
  assert.match(r.html, new RegExp(`action="/reports/${id}/reopen"`));

  r = await page(`/reports/${id}/edit`, 'kenya');
  assert.equal(r.status, 200);
  assert.match(r.html, /must be withdrawn before it can be edited/);
  assert.match(r.html, new RegExp(`action="/reports/${id}/reopen"`));
  r = await page('/account', 'kenya');
  assert.match(r.html, /class="tag tag-submitted">Submitted</);
  assert.match(r.html, /Waiting for the Secretariat to review/);
});

test('the desk: only the Secretariat and admins; the public is sent to sign in', async () => {
  let r = await page('/desk');
  assert.equal(r.status, 303);
  assert.match(r.headers.get('location'), /^\/login\?next=%2Fdesk/);
  for (const who of ['kenya', 'donor']) {
    assert.equal((await page('/desk', who)).status, 403, who);
    assert.equal((await api('GET', '/desk', who)).status, 403, who);
  }
  assert.equal((await api('GET', '/desk')).status, 401);
  assert.equal((await page('/desk', 'admin')).status, 200);
  assert.equal((await api('GET', '/desk', 'admin')).status, 200);
  assert.equal((await api('GET', '/desk?cycle=1999', 'unoda')).status, 404);
  assert.equal((await api('GET', '/desk?cycle=abc', 'unoda')).status, 400);
  // A focal point has no desk link; the Secretariat has.
  assert.doesNotMatch((await page('/account', 'kenya')).html, /href="\/desk"/);
  assert.match((await page('/account', 'unoda')).html, /href="\/desk"/);
});

test('the Secretariat finds the report on its desk and returns it; a comment over 5,000 characters is refused', async () => {
  let r = await page('/desk', 'unoda');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /no-store/);
  assert.ok(r.html.includes(`/reports/${id}?view=working`));
  const desk = await api('GET', '/desk', 'unoda');
  assert.match(desk.headers.get('cache-control'), /no-store/);
  assert.equal(desk.json.cycle, desk.json.current_cycle);
  const mine = desk.json.waiting.find(x => x.report === id);
  assert.deepEqual([mine.iso3, mine.cycle, mine.correction, mine.days_waiting, mine.url],
    ['KEN', cycle, false, 0, `/reports/${id}?view=working`]);
  // Oldest first.
  const dates = desk.json.waiting.map(x => x.submitted);
  assert.deepEqual([...dates].sort(), dates);
  assert.ok(desk.json.waiting.every(x => x.days_waiting >= 0));
  // Progress: every State once; the last row counts all regions.
  const total = desk.json.progress.at(-1);
  assert.equal(total.region, null);
  assert.equal(total.states, total.reported + total.submitted + total.drafts + total.not_started);
  assert.ok(total.submitted >= 1);
  const other = await api('GET', '/desk?cycle=2024', 'unoda');
  assert.equal(other.json.cycle, 2024);
  assert.ok(other.json.progress.at(-1).reported > 50);

  // The working view: the review buttons lead to confirmation pages.
  r = await page(`/reports/${id}?view=working`, 'unoda');
  assert.match(r.html, new RegExp(`class="button-primary" href="/reports/${id}/publish"`));
  assert.match(r.html, new RegExp(`class="button-warning" href="/reports/${id}/return"`));
  r = await page(`/reports/${id}/return`, 'unoda');
  assert.equal(r.status, 200);
  assert.match(r.html, /Return Kenya’s report for \d{4} with comments/);
  assert.match(r.html, /<textarea id="comment" name="comment"[^>]* required/);
  assert.equal((await page(`/reports/${id}/return`, 'kenya')).status, 403);

  const long = 'x'.repeat(5001);
  r = await post(`/reports/${id}/return`, 'unoda', { comment: long }, `/reports/${id}/return`);
  assert.equal(r.status, 422);
  assert.match(r.html, /There is a problem/);
  assert.match(r.html, /at most 5,000 characters/);
  assert.equal((await api('POST', `/reports/${id}/return`, 'unoda', { comment: long })).status, 422);
  assert.equal((await post(`/reports/${id}/return`, 'unoda', { comment: '' }, `/reports/${id}/return`)).status, 422);
  // 5,000 characters of two bytes each are 5,000 characters.
  assert.equal((await api('POST', `/reports/${id}/publish`, 'unoda', { note: 'é'.repeat(5001) })).status, 422);

  r = await post(`/reports/${id}/return`, 'unoda', { comment: 'Please add the national laws to 2.1.' }, `/reports/${id}/return`);
  assert.equal(r.status, 303);
  const after = await api('GET', '/desk', 'unoda');
  assert.ok(!after.json.waiting.some(x => x.report === id));
  const ret = after.json.returned.find(x => x.report === id);
  assert.equal(ret.comment, 'Please add the national laws to 2.1.');
  assert.equal(ret.days_since, 0);
});

test('Kenya sees the comment on its account, form and check pages until it resubmits', async () => {
  let r = await page('/account', 'kenya');
  assert.match(r.html, /Please add the national laws to 2\.1\./);
  assert.match(r.html, /class="tag tag-returned">Returned</);
  assert.match(r.html, /Fix what the Secretariat asked and submit again/);
  for (const path of [`/reports/${id}/edit`, `/reports/${id}/check`]) {
    r = await page(path, 'kenya');
    assert.equal(r.status, 200, path);
    assert.match(r.html, /class="banner"[^>]*><h2[^>]*>Returned with comments by the Secretariat on <time datetime="\d{4}-\d\d-\d\d[^"]*"><bdi>\d{1,2} [A-Z][a-z]+ \d{4}<\/bdi><\/time><\/h2><blockquote class="free">Please add the national laws to 2\.1\./, path);
  }
  // France does not see Kenya's comment anywhere.
  assert.doesNotMatch((await page('/account', 'france')).html, /national laws/);
  assert.equal((await page(`/reports/${id}/edit`, 'france')).status, 404);

  r = await post(`/reports/${id}/submit`, 'kenya', {});
  assert.equal(r.status, 303);
  r = await page('/account', 'kenya');
  assert.doesNotMatch(r.html, /Please add the national laws/);
  assert.match(r.html, /class="tag tag-submitted">Submitted</);
});

test('the Secretariat publishes with a note the public sees; the history lists every event', async () => {
  let r = await page(`/reports/${id}/publish`, 'unoda');
  assert.equal(r.status, 200);
  assert.match(r.html, /Publish Kenya’s report for \d{4}\?/);
  assert.match(r.html, /The note is public/);
  assert.match(r.html, /class="button-primary">Publish the report</);
  r = await post(`/reports/${id}/publish`, 'unoda', { note: 'First publication, with the laws.' }, `/reports/${id}/publish`);
  assert.equal(r.status, 303);
  assert.equal(r.location, `/reports/${id}`);
  r = await page(`/reports/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.html, /Publication note: First publication, with the laws\./);
  assert.ok(!(await api('GET', '/desk', 'unoda')).json.returned.some(x => x.report === id));

  // The history, for those who may see the draft only.
  r = await page(`/reports/${id}?view=working`, 'kenya');
  const hist = r.html.slice(r.html.indexOf('id="history"'));
  const order = ['Started', 'Saved</strong> (3 times)', 'Submitted to the Secretariat', 'Returned with comments',
    'Please add the national laws', 'Submitted to the Secretariat', 'Published', 'First publication'];
  let at = 0;
  for (const s of order) {
    const i = hist.indexOf(s, at);
    assert.ok(i >= at, 'history: ' + s);
    at = i + s.length;
  }
  assert.match(hist, /by kenya/);
  assert.match(hist, /by unoda/);
  assert.doesNotMatch((await page(`/reports/${id}`)).html, /id="history"/);
  r = await page('/account', 'kenya');
  assert.match(r.html, /class="tag tag-published">Published</);
});

test('a correction shows the Secretariat its changes since the published version', async () => {
  assert.equal((await api('POST', `/reports/${id}/reopen`, 'kenya')).status, 200);
  const rev = (await api('GET', `/reports/${id}`, 'kenya')).json.revs?.challenges ?? 2;
  const s = await api('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'challenges', value: 'Corrected text.', rev }] });
  assert.equal(s.status, 200, JSON.stringify(s.json));
  assert.equal((await api('POST', `/reports/${id}/submit`, 'kenya')).status, 200);
  const w = (await api('GET', '/desk', 'unoda')).json.waiting.find(x => x.report === id);
  assert.equal(w.correction, true);
  assert.equal(w.version, 1);
  const r = await page(`/reports/${id}?view=working`, 'unoda');
  assert.match(r.html, /Changes since version 1/);
  assert.match(r.html, /<del><p class="free" dir="auto">Second text\.<\/p><\/del> → <ins><p class="free" dir="auto">Corrected text\.<\/p><\/ins>/);
  assert.match((await page(`/reports/${id}/publish`, 'unoda')).html, /This is a correction: it becomes version 2/);
});
