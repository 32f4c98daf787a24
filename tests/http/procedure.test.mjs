// The procedure of requests for assistance (issue 11, items 1 and 2): moves through the API with
// their answers (200, 409 with the reason, 422 with errors[], 401/403/404), the history in a
// request's JSON (names to signed-in callers only), the State withdrawing its request, the stage
// targets, the Secretariat's assistance desk as a page, JSON and downloads (overdue, duplicates,
// waiting for), and the request page: the stage, the timeline and only the forms the asker may use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './helpers.mjs';

let srv, tokens = {}, cookies = {};
const A = '/api/v1/assistance';
before(async () => {
  srv = await startServer();
  for (const u of ['admin', 'unoda', 'kenya', 'france', 'donor']) tokens[u] = srv.token(u);
  for (const u of ['unoda', 'kenya', 'france']) cookies[u] = (await login(srv.base, u, `${u}-demo-2026`)).cookie;
});
after(async () => { if (srv) await srv.stop(); });

const auth = u => (u ? { Authorization: 'Bearer ' + tokens[u] } : {});
const api = (method, path, u, body) => fetch(srv.base + path, {
  method, headers: { ...auth(u), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const json = async r => { const t = await r.text(); try { return JSON.parse(t); } catch { throw new Error(`${r.status}: ${t}`); } };
const move = (id, u, body) => api('POST', `${A}/requests/${id}/stage`, u, body);
const page = async (path, u) => {
  const r = await fetch(srv.base + path, { headers: u ? { Cookie: cookies[u] } : {}, redirect: 'manual' });
  return { status: r.status, html: await r.text(), type: r.headers.get('content-type'), cache: r.headers.get('cache-control'),
    location: r.headers.get('location') };
};
const post = async (path, action, u, fields) => {
  const p = await page(path, u);
  const body = new URLSearchParams({ csrf: p.html.match(/name="csrf" value="([^"]+)"/)[1], ...fields });
  const r = await fetch(srv.base + action, { method: 'POST', redirect: 'manual', body,
    headers: { Cookie: cookies[u], 'Content-Type': 'application/x-www-form-urlencoded' } });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};
const text = html => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

// Received requests of the desk (not Kenya's), for moves.
async function received(n) {
  const d = await json(await api('GET', '/api/v1/desk/assistance?stage=received', 'unoda'));
  const rows = d.requests.filter(r => r.state !== 'KEN' && !r.duplicate_of);
  assert.ok(rows.length >= n, `only ${rows.length} received requests`);
  return rows.slice(0, n).map(r => r.id);
}

test('the Secretariat moves a request stage by stage; the history records who, when and the note', async () => {
  const [id] = await received(1);
  let r = await move(id, 'unoda', { stage: 'acknowledged', note: 'Thank you, we are on it.' });
  assert.equal(r.status, 200);
  let q = await json(r);
  assert.equal(q.id, id);
  assert.equal(q.stage, 'acknowledged');
  assert.equal(q.status, 'open');
  assert.equal(q.days_in_stage, 0);
  assert.equal(q.close_reason, null);
  const last = q.stages.at(-1);
  assert.deepEqual([last.stage, last.note, last.by, last.by_system], ['acknowledged', 'Thank you, we are on it.', 'Demo Secretariat officer', false]);
  assert.equal(q.stages[0].stage, 'received');
  for (const s of ['circulated', 'matched', 'implementation', 'completed']) {
    r = await move(id, 'unoda', { stage: s });
    assert.equal(r.status, 200, s);
  }
  q = await json(await api('GET', `${A}/requests/${id}`));
  assert.equal(q.stage, 'completed');
  assert.equal(q.status, 'closed');
  assert.deepEqual(q.stages.map(x => x.stage), ['received', 'acknowledged', 'circulated', 'matched', 'implementation', 'completed']);
  // The public sees no names: "UN Secretariat"; a signed-in caller sees who.
  assert.equal(q.stages[1].by, 'UN Secretariat');
  assert.equal((await json(await api('GET', `${A}/requests/${id}`, 'donor'))).stages[1].by, 'Demo Secretariat officer');
  // A completed request does not move.
  r = await move(id, 'unoda', { stage: 'closed', reason: 'duplicate' });
  assert.equal(r.status, 409);
  assert.match((await json(r)).error.message, /completed request does not move/);
});

test('a move the table does not allow: 409 with the reason; bad input: 422 with errors[]', async () => {
  const [id] = await received(1);
  let r = await move(id, 'unoda', { stage: 'circulated' });
  assert.equal(r.status, 409);
  assert.equal((await json(r)).error.message, 'A request that is received must be acknowledged before it is circulated.');
  r = await move(id, 'unoda', { stage: 'received' });
  assert.equal(r.status, 409);
  for (const [body, field] of [
    [{ stage: 'open' }, 'stage'], [{ stage: 'closed' }, 'reason'], [{ stage: 'closed', reason: 'bored' }, 'reason'],
    [{ stage: 'acknowledged', reason: 'duplicate' }, 'reason'], [{ stage: 'acknowledged', colour: 'red' }, 'colour'],
    [{ stage: 'acknowledged', note: 'x'.repeat(2001) }, 'note'], [{ stage: 7 }, 'stage'], [{}, 'stage'],
  ]) {
    r = await move(id, 'unoda', body);
    assert.equal(r.status, 422, JSON.stringify(body).slice(0, 60));
    const e = await json(r);
    assert.equal(e.error.errors[0].field, field, JSON.stringify(body).slice(0, 60));
    assert.ok(e.error.errors[0].message.length > 10);
  }
  r = await fetch(srv.base + `${A}/requests/${id}/stage`, { method: 'POST', headers: { ...auth('unoda'), 'Content-Type': 'text/plain' }, body: 'x' });
  assert.equal(r.status, 415);
  assert.equal((await move(999999, 'unoda', { stage: 'acknowledged' })).status, 404);
  assert.equal((await move('abc', 'unoda', { stage: 'acknowledged' })).status, 400);
  // Who may: not a partner, not another State, not an administrator, not the public; nothing changed.
  for (const u of ['donor', 'france', 'admin']) assert.equal((await move(id, u, { stage: 'acknowledged' })).status, 403, u);
  assert.equal((await move(id, null, { stage: 'acknowledged' })).status, 401);
  assert.equal((await json(await api('GET', `${A}/requests/${id}`))).stage, 'received');
});

test('the State withdraws its own request, and only that', async () => {
  const mine = (await json(await api('GET', `${A}/requests?state=KEN&status=open`))).requests;
  assert.ok(mine.length >= 1);
  const id = mine[0].id;
  assert.equal(mine[0].stage, 'acknowledged');   /* the demo acknowledged Kenya's requests */
  let r = await move(id, 'kenya', { stage: 'circulated' });
  assert.equal(r.status, 403);
  assert.match((await json(r)).error.message, /may withdraw its State's request/);
  assert.equal((await move(id, 'kenya', { stage: 'closed', reason: 'not_feasible' })).status, 403);
  assert.equal((await move(id, 'france', { stage: 'closed', reason: 'withdrawn' })).status, 403);
  r = await move(id, 'kenya', { stage: 'closed', reason: 'withdrawn', note: 'Our budget covers it now.' });
  assert.equal(r.status, 200);
  const q = await json(r);
  assert.deepEqual([q.stage, q.status, q.close_reason], ['closed', 'withdrawn', 'withdrawn']);
  assert.equal(q.stages.at(-1).by, 'Demo focal point, Kenya');
  // The issue-10 edit can only withdraw now: another status is refused with the way to go.
  const other = (await json(await api('GET', `${A}/requests?state=KEN`))).requests.find(x => x.stage !== 'closed' && x.id !== id);
  if (other) {
    r = await api('PATCH', `${A}/requests/${other.id}`, 'kenya', { status: 'closed' });
    assert.equal(r.status, 422);
    assert.equal((await json(r)).error.errors[0].field, 'status');
  }
  // The Secretariat reopens it.
  r = await move(id, 'unoda', { stage: 'received', note: 'Reopened at the State\'s request.' });
  assert.equal(r.status, 200);
  assert.equal((await json(r)).status, 'open');
});

test('the assistance desk: counts, overdue first, waiting for, duplicates; private; filters', async () => {
  for (const [u, s] of [[null, 401], ['kenya', 403], ['donor', 403]]) assert.equal((await api('GET', '/api/v1/desk/assistance', u)).status, s);
  const r = await api('GET', '/api/v1/desk/assistance', 'unoda');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /no-store/);
  const d = await json(r);
  assert.ok(d.counts.received > 50 && d.counts.closed > 0);
  assert.ok(d.overdue >= 1);
  assert.equal(d.targets.length, 6);
  const first = d.requests[0];
  assert.equal(first.overdue, true, 'the overdue request first');
  assert.ok(first.days_in_stage > first.target_days);
  assert.ok(d.requests.every(x => x.stage !== 'closed' && x.stage !== 'completed'));
  const dup = d.requests.find(x => x.duplicate_of);
  assert.ok(dup, 'the demo has a possible duplicate');
  const other = d.requests.find(x => x.id === dup.duplicate_of);
  assert.ok(other && other.state === dup.state && other.category === dup.category);
  assert.equal(dup.duplicate_url, `/assistance/requests/${dup.duplicate_of}`);
  const byStage = s => d.requests.find(x => x.stage === s);
  assert.equal(byStage('received').waiting_for_parties, 'secretariat');
  assert.equal(byStage('circulated').waiting_for_parties, 'partners');
  assert.equal(byStage('assessment').waiting_for_parties, 'state partners');
  assert.equal(byStage('implementation').waiting_for_parties, 'project');
  const overdue = await json(await api('GET', '/api/v1/desk/assistance?overdue=1', 'admin'));
  assert.ok(overdue.requests.length >= 1 && overdue.requests.every(x => x.overdue));
  const circ = await json(await api('GET', '/api/v1/desk/assistance?stage=circulated', 'unoda'));
  assert.ok(circ.requests.every(x => x.stage === 'circulated'));
  const africa = await json(await api('GET', '/api/v1/desk/assistance?region=002', 'unoda'));
  const states = (await json(await api('GET', '/api/v1/states?region=002'))).states.map(s => s.iso3);
  assert.ok(africa.requests.length > 0 && africa.requests.every(x => states.includes(x.state)));
  for (const q of ['stage=open', 'overdue=2', 'region=999']) assert.equal((await api('GET', '/api/v1/desk/assistance?' + q, 'unoda')).status, 400, q);
});

test('the desk page, linked from /desk, and its downloads', async () => {
  assert.match((await page('/desk', 'unoda')).html, /href="\/desk\/assistance"/);
  const p = await page('/desk/assistance', 'unoda');
  assert.equal(p.status, 200);
  assert.match(p.cache, /no-store/);
  assert.match(p.html, /<h1>The assistance desk<\/h1>/);
  assert.match(p.html, /1 request is overdue|\d+ requests are overdue/);
  assert.match(p.html, /Possible duplicate of/);
  assert.match(p.html, /<a href="\/assistance\/requests\/\d+">#\d+ /, 'the duplicate links to the other request');
  assert.match(p.html, /action="\/desk\/assistance\/targets"/, 'the Secretariat sets the targets here');
  assert.equal((await page('/desk/assistance', 'kenya')).status, 403);
  assert.notEqual((await page('/desk/assistance')).status, 200);
  const csv = await page('/desk/assistance.csv?stage=received', 'unoda');
  assert.equal(csv.status, 200);
  assert.match(csv.type, /text\/csv/);
  assert.match(csv.cache, /no-store/);
  assert.match(csv.html.replace(/^\uFEFF/, ''), /^id,title,state,state_name,region,category,category_name,stage,stage_name,stage_since,days_in_stage,target_days,overdue,waiting_for/);
  const rows = JSON.parse((await page('/desk/assistance.json?stage=received', 'unoda')).html);
  assert.ok(rows.length > 50 && rows.every(r => r.stage === 'received'));
  assert.equal(csv.html.trim().split('\n').length, rows.length + 1);
  const x = await page('/desk/assistance.xlsx', 'unoda');
  assert.equal(x.status, 200);
  assert.match(x.type, /spreadsheetml/);
  assert.notEqual((await page('/desk/assistance.csv')).status, 200);
});

test('stage targets: read, set (the Secretariat), refused values', async () => {
  const t = await json(await api('GET', '/api/v1/desk/assistance/targets', 'unoda'));
  assert.deepEqual(t.targets.map(x => x.stage), ['received', 'acknowledged', 'assessment', 'circulated', 'matched', 'implementation']);
  assert.equal(t.targets[0].days, 14);
  assert.equal((await api('PUT', '/api/v1/desk/assistance/targets', 'kenya', { received: 3 })).status, 403);
  assert.equal((await api('PUT', '/api/v1/desk/assistance/targets', 'admin', { received: 3 })).status, 403);
  let r = await api('PUT', '/api/v1/desk/assistance/targets', 'unoda', { received: 0, closed: 3, matched: 'ten' });
  assert.equal(r.status, 422);
  assert.deepEqual((await json(r)).error.errors.map(e => e.field).sort(), ['closed', 'matched', 'received']);
  const before = (await json(await api('GET', '/api/v1/desk/assistance', 'unoda'))).overdue;
  r = await api('PUT', '/api/v1/desk/assistance/targets', 'unoda', { assessment: 1, circulated: 1 });
  assert.equal(r.status, 200);
  const set = (await json(r)).targets;
  assert.equal(set[2].days, 1);
  assert.equal(set[2].updated_by, 'Demo Secretariat officer');
  assert.ok((await json(await api('GET', '/api/v1/desk/assistance', 'unoda'))).overdue > before, 'shorter targets, more overdue');
  // The form on the desk page: a bad value shows the error summary; a good one saves.
  let f = await post('/desk/assistance', '/desk/assistance/targets', 'unoda', { assessment: 'soon' });
  assert.equal(f.status, 422);
  assert.match(f.html, /class="error-summary"[\s\S]*href="#f-assessment"/);
  f = await post('/desk/assistance', '/desk/assistance/targets', 'unoda', { assessment: '90', circulated: '120' });
  assert.equal(f.status, 303);
  assert.equal((await json(await api('GET', '/api/v1/desk/assistance', 'unoda'))).overdue, before);
});

test('the request page: stage, days, timeline; the forms only for those allowed; errors in the summary', async () => {
  const [id] = await received(1);
  await move(id, 'unoda', { stage: 'acknowledged', note: 'Noted <b>by</b> the Secretariat.' });
  const pub = await page(`/assistance/requests/${id}`);
  assert.equal(pub.status, 200);
  assert.match(pub.html, /id="procedure"/);
  assert.match(pub.html, /class="tag tag-stage-acknowledged">Acknowledged</);
  assert.match(pub.html, /id="stage-history"/);
  assert.match(pub.html, /Noted &lt;b&gt;by&lt;\/b&gt; the Secretariat\./);
  assert.match(text(pub.html), /UN Secretariat/);
  assert.doesNotMatch(pub.html, /Demo Secretariat officer|action="\/assistance\/requests\/\d+\/stage"/);
  // The Secretariat: only the next stages the table allows.
  const sec = await page(`/assistance/requests/${id}`, 'unoda');
  const offered = [...sec.html.matchAll(/name="stage" id="f-stage[^"]*" value="([a-z]+)"/g)].map(m => m[1]);
  assert.deepEqual(offered, ['assessment', 'circulated', 'closed']);
  assert.match(sec.html, /<option value="not_feasible">/);
  assert.doesNotMatch(sec.html, /<option value="superseded">/);
  // A refused move: the page again with the reason in the error summary.
  let r = await post(`/assistance/requests/${id}`, `/assistance/requests/${id}/stage`, 'unoda', { stage: 'completed' });
  assert.equal(r.status, 409);
  assert.match(r.html, /class="error-summary"[\s\S]*completed only after its implementation/);
  r = await post(`/assistance/requests/${id}`, `/assistance/requests/${id}/stage`, 'unoda', { stage: 'closed' });
  assert.equal(r.status, 422);
  assert.match(r.html, /href="#f-reason"/);
  r = await post(`/assistance/requests/${id}`, `/assistance/requests/${id}/stage`, 'unoda', { stage: 'circulated', note: 'To the region.' });
  assert.equal(r.status, 303);
  assert.match((await page(r.location, 'unoda')).html, /The request has moved to its new stage/);
  // Kenya's focal point: "Withdraw this request" on its own request only, after confirming.
  const ken = (await json(await api('GET', `${A}/requests?state=KEN&status=open`))).requests[0];
  const kp = await page(`/assistance/requests/${ken.id}`, 'kenya');
  assert.match(kp.html, /Withdraw this request/);
  assert.doesNotMatch(kp.html, /name="stage" id="f-stage"/);
  assert.doesNotMatch((await page(`/assistance/requests/${id}`, 'kenya')).html, /Withdraw this request/);
  assert.doesNotMatch((await page(`/assistance/requests/${ken.id}`, 'france')).html, /Withdraw this request/);
  r = await post(`/assistance/requests/${ken.id}`, `/assistance/requests/${ken.id}/stage`, 'kenya',
    { stage: 'closed', reason: 'withdrawn', withdraw: '1' });
  assert.equal(r.status, 422);
  assert.match(r.html, /href="#f-confirm"/);
  r = await post(`/assistance/requests/${ken.id}`, `/assistance/requests/${ken.id}/stage`, 'kenya',
    { stage: 'closed', reason: 'withdrawn', withdraw: '1', confirm: '1', note: 'Funded nationally.' });
  assert.equal(r.status, 303);
  const after_ = await page(`/assistance/requests/${ken.id}`);
  assert.match(after_.html, /tag-stage-closed/);
  assert.match(after_.html, /Withdrawn by the State/);
  assert.match(after_.html, /Funded nationally\./);
  // The edit form sets no status any more.
  assert.doesNotMatch((await page(`/assistance/requests/${ken.id}/edit`, 'kenya')).html, /name="status"/);
});
