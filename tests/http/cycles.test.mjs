// Cycles that follow the calendar (POAISS_TODAY=2026-12-06, helpers.mjs): statuses computed from
// the dates, the Secretariat opens a cycle and changes its dates (API and pages), only the
// Secretariat may, a focal point starts a report in the cycle the demo opened, late reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, OPEN_CYCLE, TODAY } from './helpers.mjs';

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
const cycles = async () => (await call('GET', '/cycles')).json;

test('the calendar on 2026-12-06: 2026 closed at BMS9, the demo opened 2028 before BMS10', async () => {
  assert.equal(TODAY, '2026-12-06');
  const all = await cycles();
  assert.equal(all.today, '2026-12-06');
  assert.equal(all.current, OPEN_CYCLE);
  const by = Object.fromEntries(all.cycles.map(c => [c.year, c]));
  assert.equal(by[2026].status, 'closed');
  assert.equal(by[OPEN_CYCLE].status, 'open');
  assert.equal(by[OPEN_CYCLE].opens, '2026-12-06');
  assert.equal(by[OPEN_CYCLE].deadline, '2028-03-31');
  assert.equal(by[OPEN_CYCLE].template, 2026);
  assert.equal(by[OPEN_CYCLE].meeting.code, 'BMS10');
  assert.ok(by[OPEN_CYCLE].meeting.starts > by[OPEN_CYCLE].deadline);
  assert.equal((await call('GET', `/templates/${OPEN_CYCLE}`)).status, 200);   // the 2026 template, reused

  const home = await (await fetch(srv.base + '/')).text();
  assert.match(home, /Current reporting cycle: 2028/);
  assert.match(home, /<strong class="tag">Open for reports<\/strong>/);
  assert.match(home, /481 days left/);
  assert.match(home, /Tenth Biennial Meeting of States \(BMS10\)/);
  assert.doesNotMatch(home, /cycles\/new/);                    // not for the public
  const page = await (await fetch(srv.base + '/cycles')).text();
  assert.match(page, /<th scope="row"><a href="\/cycles\/2026"><bdi>2026<\/bdi><\/a><\/th>/);
  assert.match(page, /<strong class="tag">Closed<\/strong>/);
  const json = await (await fetch(srv.base + '/cycles.json')).json();
  assert.equal(json.find(c => c.cycle === 2026).status, 'closed');
  assert.equal(json.find(c => c.cycle === OPEN_CYCLE).status, 'open');
});

test('a focal point starts a report only in a cycle that accepts reports', async () => {
  const start = await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: OPEN_CYCLE });
  assert.equal(start.status, 201, JSON.stringify(start.json));
  const rep = await call('GET', `/reports/${start.json.id}`, 'kenya');
  assert.equal(rep.json.cycle, OPEN_CYCLE);
  assert.equal(rep.json.late, false);
  const closed = await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: 2026 });
  assert.equal(closed.status, 409);
  assert.match(closed.json.error.message, /closed/);
  // the account page offers the open cycle
  const { cookie } = await login(srv.base, 'peru', 'peru-demo-2026');
  const account = await (await fetch(srv.base + '/account', { headers: { Cookie: cookie } })).text();
  assert.match(account, /name="cycle" value="2028"/);
});

test('only the Secretariat and admins open cycles and change their dates', async () => {
  const body = { year: 2030, meeting: { code: 'RevCon5', starts: '2030-06-17', ends: '2030-06-28' }, opens: '2028-07-01', deadline: '2030-03-31' };
  assert.equal((await call('POST', '/cycles', null, body)).status, 401);
  for (const who of ['kenya', 'donor']) {
    assert.equal((await call('POST', '/cycles', who, body)).status, 403, who);
    assert.equal((await call('PATCH', `/cycles/${OPEN_CYCLE}`, who, { deadline: '2028-04-30' })).status, 403, who);
  }
  assert.equal((await cycles()).cycles.some(c => c.year === 2030), false);
  const { cookie } = await login(srv.base, 'kenya', 'kenya-demo-2026');
  assert.equal((await fetch(srv.base + '/cycles/new', { headers: { Cookie: cookie } })).status, 403);
  assert.equal((await fetch(srv.base + `/cycles/${OPEN_CYCLE}/edit`, { headers: { Cookie: cookie } })).status, 403);
});

test('opening a cycle: every field checked at once, then opened with the previous template, audit-logged', async () => {
  const bad = await call('POST', '/cycles', 'unoda', { year: 2029, meeting: { code: 'BMS11' }, opens: '2028-02-30', deadline: '2027-01-01' });
  assert.equal(bad.status, 400);
  const fields = Object.fromEntries(bad.json.error.fields.map(f => [f.field, f.message]));
  assert.match(fields.year, /even year/);
  assert.match(fields.opens, /real date/);
  assert.match(fields.meeting_name, /name/);
  assert.ok(fields.meeting_starts && fields.meeting_ends);
  const dup = await call('POST', '/cycles', 'unoda', { year: OPEN_CYCLE, meeting: 'BMS10', opens: '2027-01-01', deadline: '2028-03-31' });
  assert.equal(dup.status, 400);
  assert.match(dup.json.error.fields[0].message, /already a 2028 cycle/);
  const order = await call('POST', '/cycles', 'unoda', { year: 2030, meeting: { code: 'RevCon5', starts: '2030-03-01', ends: '2030-03-05' }, opens: '2030-04-01', deadline: '2030-03-31' });
  assert.deepEqual(order.json.error.fields.map(f => f.field).sort(), ['deadline', 'meeting_starts']);
  assert.equal((await call('POST', '/cycles', 'unoda', { year: 2030, meeting: 'RevCon5', opens: '2028-07-01', deadline: '2030-03-31' })).status, 400);   // RevCon5 has no dates yet

  const ok = await call('POST', '/cycles', 'unoda', { year: 2030, meeting: { code: 'RevCon5', starts: '2030-06-17', ends: '2030-06-28' }, opens: '2028-07-01', deadline: '2030-03-31' });
  assert.equal(ok.status, 201, JSON.stringify(ok.json));
  assert.equal(ok.json.status, 'planned');
  assert.equal(ok.json.template, 2026);
  assert.equal(ok.json.meeting.name, 'Fifth Review Conference (RevCon5)');
  const all = await cycles();
  assert.equal(all.current, OPEN_CYCLE);             // the open cycle stays the current one
  assert.equal(all.cycles[0].year, 2030);
  const planned = await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: 2030 });
  assert.equal(planned.status, 409);
  assert.match(planned.json.error.message, /not open yet/);
  const audit = (await call('GET', '/audit', 'unoda')).json;
  const entries = audit.entries ?? audit.audit ?? audit;
  assert.ok(JSON.stringify(entries).includes('cycle.open'), 'the opening is in the audit log');
});

test('changing dates: a closed cycle keeps them; the rules hold; a new meeting date is kept', async () => {
  const closed = await call('PATCH', '/cycles/2026', 'unoda', { deadline: '2026-04-30' });
  assert.equal(closed.status, 409);
  assert.equal((await call('PATCH', '/cycles/2099', 'unoda', { deadline: '2026-04-30' })).status, 404);
  const bad = await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'unoda', { deadline: '2028-07-01' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.error.fields[0].field, 'meeting_starts');
  const ok = await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'admin', { deadline: '2028-04-28', meeting: { starts: '2028-06-12', ends: '2028-06-16' } });
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
  assert.equal(ok.json.deadline, '2028-04-28');
  assert.equal(ok.json.meeting.starts, '2028-06-12');
  const c = (await cycles()).cycles.find(x => x.year === OPEN_CYCLE);
  assert.equal(c.deadline, '2028-04-28');
  assert.equal(c.meeting.ends, '2028-06-16');
});

test('a member the request does not take is refused with 422, not dropped (POST and PATCH)', async () => {
  const before = (await cycles()).cycles.find(x => x.year === OPEN_CYCLE);
  const fieldsOf = r => r.json.error.errors.map(f => f.field).sort();
  const bogus = await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'unoda', { bogus: 1 });
  assert.equal(bogus.status, 422, JSON.stringify(bogus.json));
  assert.equal(bogus.json.error.status, 422);
  assert.deepEqual(bogus.json.error.errors, [{ field: 'bogus', message: 'This field is not known: check its name.' }]);
  // a 900 KB title: not a field of a cycle, so refused whatever its length; a valid change with it is not made
  const title = await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'unoda', { deadline: '2028-04-14', title: 'x'.repeat(900 * 1024) });
  assert.equal(title.status, 422);
  assert.deepEqual(fieldsOf(title), ['title']);
  assert.ok(JSON.stringify(title.json).length < 1000, 'the answer does not echo the value');
  const nested = await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'unoda', { meeting: { starts: '2028-06-12', name: 'Renamed', code: 'X' }, Deadline: '2028-04-14' });
  assert.equal(nested.status, 422);
  assert.deepEqual(fieldsOf(nested), ['Deadline', 'meeting.code', 'meeting.name']);
  const notObject = await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'unoda', { meeting: 'BMS10' });
  assert.equal(notObject.status, 422);
  assert.deepEqual(fieldsOf(notObject), ['meeting']);
  assert.deepEqual((await cycles()).cycles.find(x => x.year === OPEN_CYCLE), before);   // nothing changed
  // who may not change it is still told so first; the cycle's own problems still answer 400
  assert.equal((await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'kenya', { deadline: '2028-04-30' })).status, 403);
  assert.equal((await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'unoda', { deadline: 'x'.repeat(900 * 1024) })).status, 400);
  assert.equal((await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'unoda', { meeting: null })).status, 200);

  const body = { year: 2034, meeting: { code: 'BMS13', name: 'Thirteenth Biennial Meeting of States (BMS13)', starts: '2034-06-12', ends: '2034-06-16' },
    opens: '2032-07-01', deadline: '2034-03-31' };
  const post = await call('POST', '/cycles', 'unoda', { ...body, bogus: true, title: 'x'.repeat(900 * 1024) });
  assert.equal(post.status, 422);
  assert.deepEqual(fieldsOf(post), ['bogus', 'title']);
  const postNested = await call('POST', '/cycles', 'unoda', { ...body, meeting: { ...body.meeting, kind: 'bms' } });
  assert.equal(postNested.status, 422);
  assert.deepEqual(fieldsOf(postNested), ['meeting.kind']);
  // an over-long meeting name (the one free text of a cycle) is the domain's field problem, as in the form
  const longName = await call('POST', '/cycles', 'unoda', { ...body, meeting: { ...body.meeting, name: 'x'.repeat(900 * 1024) } });
  assert.equal(longName.status, 400);
  assert.deepEqual(longName.json.error.fields.map(f => f.field), ['meeting_name']);
  assert.equal((await cycles()).cycles.some(c => c.year === 2034), false);
});

test("the Secretariat's pages: open a cycle with an error summary, then check before saving", async () => {
  const { cookie } = await login(srv.base, 'unoda', 'unoda-demo-2026');
  const get = path => fetch(srv.base + path, { headers: { Cookie: cookie }, redirect: 'manual' });
  const list = await (await get('/cycles')).text();
  assert.match(list, /href="\/cycles\/new"/);
  assert.match(list, /href="\/cycles\/2028\/edit"/);
  const form = await (await get('/cycles/new')).text();
  assert.match(form, /<label for="f-year">/);
  assert.match(form, /value="2032"/);                       // the year after the last cycle
  const csrf = form.match(/name="csrf" value="([^"]+)"/)[1];
  const post = (path, fields) => fetch(srv.base + path, { method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ csrf, ...fields }) });
  const fields = { year: '2032', meeting: 'BMS11', meeting_name: 'Eleventh Biennial Meeting of States (BMS11)',
    meeting_starts: '2032-06-07', meeting_ends: '2032-06-11', opens: '2030-07-01', deadline: '2030-06-30' };
  const err = await post('/cycles/new', { ...fields, step: 'check' });
  assert.equal(err.status, 400);
  const eh = await err.text();
  assert.match(eh, /<title>Error: /);
  assert.match(eh, /class="error-summary"/);
  assert.match(eh, /<a href="#f-deadline">The report deadline must be after the opening date\.<\/a>/);
  assert.match(eh, /aria-describedby="f-deadline-hint f-deadline-error"/);
  assert.match(eh, /value="Eleventh Biennial Meeting of States \(BMS11\)"/);   // what was typed comes back
  fields.deadline = '2032-03-31';
  const check = await post('/cycles/new', { ...fields, step: 'check' });
  assert.equal(check.status, 200);
  const ch = await check.text();
  assert.match(ch, /Check the new cycle before you open it/);
  assert.match(ch, /the reporting template of 2026/);
  assert.equal((await cycles()).cycles.some(c => c.year === 2032), false, 'nothing saved by the check');
  const saved = await post('/cycles/new', { ...fields, step: 'save' });
  assert.equal(saved.status, 303);
  assert.equal(saved.headers.get('location'), '/cycles?opened=2032');
  const c = (await cycles()).cycles.find(x => x.year === 2032);
  assert.equal(c.status, 'planned');
  assert.equal(c.meeting.code, 'BMS11');

  const edit = await (await get('/cycles/2032/edit')).text();
  assert.match(edit, /value="2032-03-31"/);
  const moved = await post('/cycles/2032/edit', { opens: '2030-07-01', deadline: '2032-04-15', meeting_starts: '2032-06-07', meeting_ends: '2032-06-11', step: 'save' });
  assert.equal(moved.status, 303);
  assert.equal((await cycles()).cycles.find(x => x.year === 2032).deadline, '2032-04-15');
  assert.equal((await get('/cycles/2026/edit')).status, 409);
});

test('late reports: submitted after the deadline, marked on the State page, the report page and the API', async () => {
  // The demo's 2026 reports: about a third came in after 31 March 2026.
  const pub = (await call('GET', '/reports?cycle=2026')).json.reports;
  assert.ok(pub.some(r => r.late === true) && pub.some(r => r.late === false));
  assert.ok(pub.filter(r => r.late).every(r => r.submitted_at > '2026-03-31'));
  const lateOne = pub.find(r => r.late);
  const profile = await (await fetch(srv.base + `/states/${lateOne.state}`)).text();
  assert.match(profile, /<strong class="tag">Late<\/strong>/);
  const sj = await (await fetch(srv.base + `/states/${lateOne.state}.json`)).json();
  assert.equal(sj.find(r => r.cycle === 2026).late, true);
  const rp = await (await fetch(srv.base + `/reports/${lateOne.id}`)).text();
  assert.match(rp, /<strong class="tag">Late<\/strong>/);

  // Move the open cycle's deadline before today: it is past its deadline, States still start and submit, late.
  const moved = await call('PATCH', `/cycles/${OPEN_CYCLE}`, 'unoda', { opens: '2026-11-01', deadline: '2026-12-01' });
  assert.equal(moved.status, 200, JSON.stringify(moved.json));
  assert.equal(moved.json.status, 'deadline_passed');
  const list = await (await fetch(srv.base + '/cycles')).text();
  assert.match(list, /<strong class="tag">Deadline passed<\/strong>/);
  // The current cycle is the open one, else the next planned one (2030, opened above), else this one.
  const home = await (await fetch(srv.base + '/')).text();
  assert.match(home, /Current reporting cycle: 2030/);
  assert.match(home, /<strong class="tag">Planned<\/strong>/);
  const start = await call('POST', '/reports', 'france', { state: 'FRA', cycle: OPEN_CYCLE });
  assert.equal(start.status, 201, JSON.stringify(start.json));
  const id = start.json.id;
  const cur = await call('GET', `/reports/${id}`, 'france');
  await call('PATCH', `/reports/${id}/answers`, 'france', { changes: [
    { question: 'coord.poc', value: { name: 'P', email: 'p@example.org' }, rev: cur.json.revs?.['coord.poc'] ?? 0 }] });
  const sub = await call('POST', `/reports/${id}/submit`, 'france');
  assert.equal(sub.status, 200, JSON.stringify(sub.json));
  const r = await call('GET', `/reports/${id}`, 'france');
  assert.equal(r.json.late, true);
  const { cookie } = await login(srv.base, 'france', 'france-demo-2026');
  const page = await (await fetch(srv.base + `/reports/${id}?view=working`, { headers: { Cookie: cookie } })).text();
  assert.match(page, /<strong class="tag">Late<\/strong>/);
});
