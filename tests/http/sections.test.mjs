// The section cross-view: one section of the template, every State that published a report
// for a cycle, answers side by side; counts; downloads; never a draft; hostile parameters refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, OPEN_CYCLE } from './helpers.mjs';

let srv, tok = {};
before(async () => {
  srv = await startServer();
  for (const u of ['kenya', 'unoda']) tok[u] = srv.token(u);
});
after(async () => { if (srv) await srv.stop(); });

const get = (path, headers = {}) => fetch(srv.base + path, { headers, redirect: 'manual' });

test('a section across States: one row per published report, counts that add up, no response kept apart', async () => {
  const r = await get('/sections/1?cycle=2024');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<h1>1\. National coordination/);
  assert.match(html, /Synthetic demonstration data/);
  const rows = JSON.parse(await (await get('/sections/1.json?cycle=2024')).text());
  const reports = await (await get('/api/v1/reports?cycle=2024&status=published')).json();
  const published = (reports.reports ?? reports.results ?? reports).length;
  assert.equal(rows.length, published);
  // Every row has a cell for every question of the section; a yes/no/developing question's
  // cells are Yes, No, Developing, "no response" or "not applicable", and the footer counts them.
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  assert.equal((body.match(/<tr>/g) || []).length, published);
  const yes = rows.filter(x => x['coord.body'] === 'Yes').length;
  const no = rows.filter(x => x['coord.body'] === 'No').length;
  const none = rows.filter(x => x['coord.body'] === 'no response').length;
  assert.ok(yes > 0 && no > 0);
  const foot = html.slice(html.indexOf('<tfoot>'), html.indexOf('</tfoot>'));
  assert.match(foot, new RegExp(`<th scope="row">Yes</th><td class="num">${yes}</td>`));
  assert.match(foot, new RegExp(`<th scope="row">No</th><td class="num">${no}</td>`));
  assert.match(foot, new RegExp(`<th scope="row">no response</th><td class="num">${none}</td>`));
  // A skipped question is "not applicable", never "No".
  assert.ok(rows.some(x => x['coord.body.details'] === 'not applicable'));
  // Filters narrow; the group filter matches the State list.
  const afr = JSON.parse(await (await get('/sections/1.json?cycle=2024&group=AFR')).text());
  assert.ok(afr.length > 0 && afr.length < rows.length);
  const csv = await (await get('/sections/1.csv?cycle=2024&group=AFR')).text();
  assert.equal(csv.trim().split('\r\n').length, afr.length + 1);
  const x = await get('/sections/1.xlsx?cycle=2024');
  assert.equal(x.status, 200);
  assert.equal(Buffer.from(await x.arrayBuffer()).subarray(0, 2).toString(), 'PK');
});

test('a draft never shows in the section view', async () => {
  const call = (m, path, who, body) => fetch(srv.base + '/api/v1' + path, { method: m,
    headers: { Authorization: 'Bearer ' + tok[who], 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) }).then(r => r.json());
  const { id } = await call('POST', '/reports', 'kenya', { state: 'KEN', cycle: OPEN_CYCLE });
  await call('PATCH', `/reports/${id}/answers`, 'kenya', { changes: [{ question: 'challenges', value: 'Zorbdraftsecret backlog', rev: 0 }] });
  for (const h of [{}, { Authorization: 'Bearer ' + tok.kenya }]) {
    for (const p of ['/sections/11?cycle=2026', '/sections/11.csv?cycle=2026', '/sections/11.json?cycle=2026']) {
      const t = await (await get(p, h)).text();
      assert.ok(!t.includes('Zorbdraftsecret'), p);
      assert.ok(!t.includes('/reports/' + id + '"'), p);
    }
  }
});

test('hostile section parameters get 400, 404 or 414, never 500', async () => {
  const cases = {
    '/sections/99': 404, '/sections/x': 404, '/sections/1%00': 400, '/sections/123': 404, '/sections/.csv': 404,
    '/sections/1?cycle=1999': 404, '/sections/1?cycle=2034': 404,   // a year without a reporting cycle: 404, as for every declared cycle parameter
    '/sections/1?cycle=abc': 400,
    '/sections/1?cycle=2024%27%20OR%201=1': 400, '/sections/1?group=XX': 400, '/sections/1?region=%3Cscript%3E': 400,
    ['/sections/1?group=' + 'A'.repeat(1000)]: 400, ['/sections/1?group=' + 'A'.repeat(10000)]: 414,   // a target over 4 KiB: 414
    '/sections/1.pdf': 404,
  };
  for (const [p, want] of Object.entries(cases)) {
    const r = await get(p);
    assert.equal(r.status, want, p);
  }
});
