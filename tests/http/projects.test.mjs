// Projects (issue 11, items 4 and 7): the API (list with filters, one project with its periods and
// reports, recording one from an accepted interest, progress reports, completion: 201/200/401/403/
// 404/409/422), the financial detail hidden from the public, the demo's late party, the public
// /projects list with its downloads, a project's page with the report form, "Start a project".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer, login } from './helpers.mjs';

let srv, tokens = {}, kenyaCookie, donorCookie;
const P = '/api/v1/projects';
before(async () => {
  srv = await startServer();
  cli(['user', 'add', '--db', srv.db, '--username', 'ngo', '--role', 'partner', '--org', 'Small Arms NGO'],
    'Amber tortoise violin 9\n');
  for (const u of ['unoda', 'kenya', 'france', 'donor', 'ngo']) tokens[u] = srv.token(u);
  kenyaCookie = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
  donorCookie = (await login(srv.base, 'donor', 'donor-demo-2026')).cookie;
});
after(async () => { if (srv) await srv.stop(); });

const auth = u => (u ? { Authorization: 'Bearer ' + tokens[u] } : {});
const get = (path, u) => fetch(srv.base + path, { headers: auth(u) });
const send = (method, path, u, body) => fetch(srv.base + path, {
  method, headers: { ...auth(u), 'Content-Type': 'application/json' },
  body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
});
const json = async r => { const t = await r.text(); try { return JSON.parse(t); } catch { throw new Error(`${r.status}: ${t}`); } };
const page = async (path, cookie) => {
  const r = await fetch(srv.base + path, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
  return { status: r.status, html: await r.text(), location: r.headers.get('location'), type: r.headers.get('content-type') };
};
const csrfOf = html => html.match(/name="csrf" value="([^"]+)"/)[1];
const post = async (formPath, action, cookie, fields) => {
  const p = await page(formPath, cookie);
  const body = new URLSearchParams({ csrf: csrfOf(p.html) });
  for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
  const r = await fetch(srv.base + action, {
    method: 'POST', redirect: 'manual', body, headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};

let lateProject;   // the demo's project with the agency and the AU, the AU late

test('the list: the demo projects, filters, no money for the public unless published', async () => {
  const all = await json(await get(P));
  assert.equal(all.count, 3);
  for (const f of ['id', 'title', 'state', 'partners', 'requests', 'categories', 'budget', 'currency', 'period_start', 'reports_count', 'late'])
    assert.ok(f in all.projects[0], f);
  assert.ok(all.projects.every(p => p.synthetic));
  lateProject = all.projects.find(p => p.partners.some(x => x.code === 'demo-au'));
  assert.ok(lateProject);
  assert.deepEqual(lateProject.partners.map(p => p.code).sort(), ['demo-au', 'demo-donor-agency']);
  assert.equal(lateProject.late, 2);   // the AU stopped reporting
  assert.equal(lateProject.totals, null);
  assert.equal(lateProject.finance_visible, false);
  assert.equal(lateProject.requests[0].stage, 'implementation');
  assert.ok(!all.projects.some(p => p.state === 'KEN'), "the demo leaves Kenya's requests to the procedure's demo");
  const open = all.projects.find(p => p.financial_public);
  assert.ok(open.totals && open.totals.committed > 0, 'published finance is public');
  assert.equal((await json(await get(P + '?state=' + lateProject.state))).count, 1);
  assert.equal((await json(await get(P + '?partner=demo-au'))).count, 1);
  assert.equal((await json(await get(P + '?partner=demo-donor-agency'))).count, 2);
  assert.equal((await json(await get(P + '?status=completed'))).count, 0);
  assert.equal((await json(await get(P + '?category=' + lateProject.categories[0]))).projects.some(p => p.id === lateProject.id), true);
  for (const q of ['status=draft', 'category=nope', 'state=K3N']) assert.equal((await get(P + '?' + q)).status, 400, q);
  assert.equal((await get(P + '?partner=nobody')).status, 404);
});

test('one project: periods with each party, reports in order, the budget line for the parties only', async () => {
  const pub = await json(await get(`${P}/${lateProject.id}`));
  assert.ok(pub.periods.length >= 5);
  assert.equal(pub.periods[0].parties[lateProject.state], 'reported');
  assert.ok(pub.periods.some(p => p.parties['demo-au'] === 'late'));
  assert.equal(pub.periods[0].budget_line, null);
  const ends = pub.reports.map(r => r.period_end);
  assert.deepEqual(ends, [...ends].sort());
  assert.ok(pub.reports.every(r => !('committed' in r)), 'no money for the public');
  const donor = await json(await get(`${P}/${lateProject.id}`, 'donor'));
  assert.equal(donor.finance_visible, true);
  assert.equal(donor.totals.committed, 480000);
  assert.ok(donor.periods[0].budget_line.disbursed > 0);
  assert.ok(donor.reports.some(r => r.committed === 400000));
  assert.equal(donor.may_report, true);
  const secretariat = await json(await get(`${P}/${lateProject.id}`, 'unoda'));
  assert.equal(secretariat.finance_visible, true);
  assert.equal(secretariat.may_report, false);
  assert.equal(secretariat.may_complete, true);
  assert.equal((await json(await get(`${P}/${lateProject.id}`, 'france'))).finance_visible, false);
  assert.equal((await get(P + '/999999')).status, 404);
  assert.equal((await get(P + '/abc')).status, 400);
});

let made;
test('recording a project: who may, every field checked', async () => {
  const request = lateProject.requests[0].id;
  const body = { title: 'Second phase', requests: [request], partners: ['demo-donor-agency'], budget: 90000,
    period_start: '2026-07', period_end: '2027-06', schedule: 'quarterly', agency: 'Police' };
  assert.equal((await send('POST', P, null, body)).status, 401);
  assert.equal((await send('POST', P, 'france', body)).status, 403);   // another State's focal point
  assert.equal((await send('POST', P, 'kenya', body)).status, 403);
  assert.equal((await send('POST', P, 'ngo', body)).status, 403);
  const bad = await send('POST', P, 'unoda', { ...body, title: '', period_start: '2026-13', schedule: 'weekly', budget: -3,
    partners: ['nobody'], colour: 'red' });
  assert.equal(bad.status, 422);
  const fields = (await json(bad)).error.errors.map(e => e.field).sort();
  assert.deepEqual(fields, ['budget', 'colour', 'partners', 'period_start', 'schedule', 'title']);
  assert.equal((await send('POST', P, 'donor', { ...body, requests: [999999] })).status, 422);
  assert.equal((await send('POST', P, 'donor', 'not json')).status, 400);
  const r = await send('POST', P, 'donor', body);
  assert.equal(r.status, 201);
  made = await json(r);
  assert.equal(r.headers.get('location'), `${P}/${made.id}`);
  assert.equal(made.state, lateProject.state);
  assert.equal(made.status, 'active');
  assert.ok(Array.isArray(made.not_moved));
  assert.equal(made.periods[0].end, '2026-09-30');
});

test('progress reports: the parties only, checked, never changed', async () => {
  const url = `${P}/${made.id}/reports`;
  const report = { period_end: '2026-09-30', activities: 'Started <b>work</b>', results: 'Sites chosen',
    paragraphs: ['PoA II.17'], committed: 90000, disbursed: 30000, spent: 10000 };
  assert.equal((await send('POST', url, 'ngo', report)).status, 403);
  assert.equal((await send('POST', url, 'unoda', report)).status, 403);
  assert.equal((await send('POST', `${P}/999999/reports`, 'donor', report)).status, 404);
  const bad = await send('POST', url, 'donor', { ...report, period_end: '2026-09-29', disbursed: 100000, paragraphs: ['nope'] });
  assert.equal(bad.status, 422);
  assert.deepEqual((await json(bad)).error.errors.map(e => e.field).sort(), ['disbursed', 'paragraphs', 'period_end']);
  const r = await send('POST', url, 'donor', report);
  assert.equal(r.status, 201);
  const p = await json(r);
  assert.equal(p.reports.length, 1);
  assert.equal(p.reports[0].party, 'demo-donor-agency');
  assert.equal(p.reports[0].activities, 'Started <b>work</b>');
  // a correction is a new report; the first one stays, marked corrected
  const again = await json(await send('POST', url, 'donor', { ...report, spent: 12000 }));
  assert.equal(again.reports.length, 2);
  assert.equal(again.reports[0].corrected, true);
  assert.equal((await send('POST', url, 'kenya', { period_end: '2026-09-30', results: 'Trained 10' })).status, 403);
  const pub = await json(await get(`${P}/${made.id}`));
  assert.equal(pub.periods[0].parties['demo-donor-agency'], 'reported');
  assert.equal(pub.periods[0].parties[lateProject.state], 'late');
  assert.ok(!('spent' in pub.reports[0]));
});

test('completing: a party or the Secretariat, once', async () => {
  const url = `${P}/${made.id}/complete`;
  assert.equal((await send('POST', url, 'france', {})).status, 403);
  assert.equal((await send('POST', url, 'ngo', {})).status, 403);
  assert.equal((await send('POST', url, 'kenya', {})).status, 403);
  assert.equal((await send('POST', url, 'donor', { colour: 1 })).status, 422);
  const r = await send('POST', url, 'donor', { note: 'Done' });
  assert.equal(r.status, 200);
  const p = await json(r);
  assert.equal(p.status, 'completed');
  assert.ok(p.completed_at);
  assert.equal((await send('POST', url, 'unoda', {})).status, 409);
  // Rights before the status: those who could not complete it or report on it still get 403, not 409.
  for (const who of ['kenya', 'france', 'ngo']) {
    assert.equal((await send('POST', url, who, {})).status, 403, who);
    assert.equal((await send('POST', `${P}/${made.id}/reports`, who, { period_end: '2026-09-30', results: 'x' })).status, 403, who);
  }
  assert.equal((await send('POST', `${P}/${made.id}/reports`, 'unoda', { period_end: '2026-09-30', results: 'x' })).status, 403);
  // its request: another project (the demo's) still answers it, so it stays in implementation
  assert.equal(p.not_moved.length, 1);
  assert.equal(p.requests[0].stage, 'implementation');
  assert.equal((await send('POST', `${P}/${made.id}/reports`, 'donor', { period_end: '2026-09-30', results: 'x' })).status, 409);
  assert.equal((await send('POST', `${P}/999999/complete`, 'unoda', {})).status, 404);
});

test('the /projects page and its downloads', async () => {
  const p = await page('/projects');
  assert.equal(p.status, 200);
  assert.match(p.html, /<h1>Projects<\/h1>/);
  assert.ok(p.html.includes(`/projects/${lateProject.id}`));
  assert.match(p.html, /Late reports/);
  assert.match(p.html, /href="\/projects\.csv"/);
  const csv = await page('/projects.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.type, /text\/csv/);
  assert.match(csv.html, /id,title,state,state_name,partners/);
  assert.ok(!/committed/.test(csv.html));
  const xlsx = await fetch(srv.base + '/projects.xlsx');
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const rows = JSON.parse((await page('/projects.json?state=' + lateProject.state)).html);
  assert.ok(rows.length >= 1 && rows.every(r => r.state === lateProject.state));
  assert.equal((await page('/projects?status=nope')).status, 400);
  assert.equal((await page('/projects?partner=nobody')).status, 404);
});

test('a project page: periods, late flag, reports; the form for a party; the budget line for the parties', async () => {
  const pub = await page(`/projects/${lateProject.id}`);
  assert.equal(pub.status, 200);
  assert.match(pub.html, /Reporting periods/);
  assert.match(pub.html, /tag-assist-late/);
  assert.match(pub.html, /Progress reports/);
  assert.ok(pub.html.includes(`/assistance/requests/${lateProject.requests[0].id}`));
  assert.match(pub.html, /tag-assist-[a-z]+">In implementation</, 'a running project\'s requests are in implementation, not "Matched"');
  assert.ok(!pub.html.includes('Post a progress report'));
  assert.ok(!pub.html.includes('>Committed<'));
  const donor = await page(`/projects/${lateProject.id}`, donorCookie);
  assert.match(donor.html, /Post a progress report/);
  assert.ok(donor.html.includes('>Committed<'));
  assert.equal((await page('/projects/999999')).status, 404);
  // the form: errors in the summary, then posted
  const bad = await post(`/projects/${lateProject.id}`, `/projects/${lateProject.id}/reports`, donorCookie,
    { period_end: '2026-09-30', committed: '10', disbursed: '20' });
  assert.equal(bad.status, 422);
  assert.match(bad.html, /error-summary/);
  assert.match(bad.html, /More is disbursed than committed/);
  const ok = await post(`/projects/${lateProject.id}`, `/projects/${lateProject.id}/reports`, donorCookie,
    { period_end: '2026-09-30', activities: 'Form report', paragraphs: 'PoA II.17, ITI 8a', committed: '400000', disbursed: '390000' });
  assert.equal(ok.status, 303);
  assert.match(ok.location, new RegExp(`/projects/${lateProject.id}\\?done=report`));
});

test('the "new project" form is for those who may record one: an admin gets 403 as on the POST', async () => {
  const admin = (await login(srv.base, 'admin', 'admin-demo-2026')).cookie;
  const form = await page('/projects/new', admin);
  assert.equal(form.status, 403);
  assert.ok(!form.html.includes('name="title"'), 'no blank form');
  assert.equal((await send('POST', P, null, {})).status, 401);
  for (const cookie of [kenyaCookie, donorCookie]) assert.equal((await page('/projects/new', cookie)).status, 200);
  const unoda = (await login(srv.base, 'unoda', 'unoda-demo-2026')).cookie;
  assert.equal((await page('/projects/new', unoda)).status, 200);
});

test('a request page offers "Start a project" for an accepted interest; the form is pre-filled', async () => {
  const request = (await json(await get('/api/v1/assistance/requests?state=KEN&status=open'))).requests[0].id;
  assert.ok(!(await page(`/assistance/requests/${request}`, kenyaCookie)).html.includes('Start a project'));
  // Kenya accepts the donor agency's interest: the link appears for Kenya and the agency, never for the public
  assert.equal((await send('POST', `/api/v1/assistance/requests/${request}/interest/demo-donor-agency/accept`, 'kenya')).status, 200);
  assert.match((await page(`/assistance/requests/${request}`, kenyaCookie)).html, /Start a project/);
  assert.match((await page(`/assistance/requests/${request}`, donorCookie)).html, /Start a project/);
  assert.ok(!(await page(`/assistance/requests/${request}`)).html.includes('Start a project'));
  const form = await page(`/projects/new?request=${request}&partner=demo-donor-agency`, kenyaCookie);
  assert.equal(form.status, 200);
  assert.match(form.html, /value="demo-donor-agency"/);
  assert.match(form.html, new RegExp(`value="${request}" checked`));
  const fields = { state: 'KEN', requests: String(request), partners: 'demo-donor-agency', title: '', period_start: '' };
  const bad = await post(`/projects/new?request=${request}`, '/projects/new', kenyaCookie, fields);
  assert.equal(bad.status, 422);
  assert.match(bad.html, /Enter a title for the project/);
  // the AU's interest is not accepted: naming it is refused by field
  const au = await post(`/projects/new?request=${request}`, '/projects/new', kenyaCookie,
    { ...fields, partners: 'demo-au', title: 'x', period_start: '2026-10' });
  assert.equal(au.status, 422);
  assert.match(au.html, /accepted in one of the requests/);
  const ok = await post(`/projects/new?request=${request}`, '/projects/new', kenyaCookie,
    { ...fields, title: 'Kenyan training', period_start: '2026-10', schedule: 'half-yearly' });
  assert.equal(ok.status, 303);
  assert.match(ok.location, /\/projects\/\d+\?done=created/);
  const id = Number(ok.location.match(/\/projects\/(\d+)/)[1]);
  const p = await json(await get(`${P}/${id}`));
  assert.equal(p.requests[0].stage, 'implementation');   // matched when accepted, in implementation now
  // the State page and the accounts list the projects
  assert.match((await page('/states/KEN')).html, /Kenyan training/);
  assert.match((await page('/account', kenyaCookie)).html, /Kenyan training/);
  assert.match((await page('/account', donorCookie)).html, new RegExp(lateProject.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});
