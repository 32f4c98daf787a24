// The cross-views read through the domain: the API's rows equal the downloads' rows, every real
// cycle with a template is a column (newest first on the page), tables are labelled regions,
// parameters are checked by the route table, and the data dictionary lists the real cycles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const get = path => fetch(srv.base + path, { redirect: 'manual' });
const json = async path => (await get(path)).json();

test('the API of a question across States holds the same rows as its .json download', async () => {
  for (const q of ['', '?cycle=2024&answer=no', '?answer=yes']) {
    for (const id of ['coord.nap', 'manuf.marking.content', 'challenges']) {
      const api = await json(`/api/v1/questions/${id}${q}`);
      const dl = await json(`/questions/${id}.json${q}${q ? '&' : '?'}lang=en`);
      assert.deepEqual(api.states, dl, `${id}${q}`);
      assert.equal(api.count, dl.length);
      assert.equal(api.question, id);
    }
  }
});

test('every real cycle whose template asks the question is a column, the newest first on the page', async () => {
  const cycles = (await json('/api/v1/cycles')).cycles.map(c => c.year);
  const api = await json('/api/v1/questions/coord.nap');
  assert.ok(api.cycles.length >= 9 && api.cycles.every(c => cycles.includes(c) && c < 2100));
  assert.deepEqual(api.cycles, [...api.cycles].sort((a, b) => a - b));
  const html = await (await get('/questions/coord.nap')).text();
  const table = html.slice(html.indexOf('<table class="list xview">'));
  const heads = [...table.slice(0, table.indexOf('</thead>')).matchAll(/<th scope="col">(\d{4})<\/th>/g)].map(m => Number(m[1]));
  assert.deepEqual(heads, [...api.cycles].reverse());
  // scrolling tables are focusable, labelled regions
  assert.match(html, /<div class="scroll" role="region" tabindex="0" aria-labelledby="cap-xview"><table class="list xview">/);
  assert.match(html, /<div class="scroll" role="region" tabindex="0" aria-labelledby="cap-counts">/);
  const sec = await (await get('/sections/1')).text();
  assert.match(sec, /<div class="scroll" role="region" tabindex="0" aria-labelledby="cap-section">/);
  const opts = [...sec.matchAll(/<option value="(\d{4})"/g)].map(m => Number(m[1]));
  assert.deepEqual(opts, [...opts].sort((a, b) => b - a));
  assert.ok(opts.length >= 9 && opts.every(c => c < 2100));
  assert.match(sec, /<option value="(\d{4})" selected>/);
});

test('declared parameters: malformed 400, unknown 404, before the handler', async () => {
  const cases = {
    '/questions/coord.nap?cycle=1999': 404, '/questions/coord.nap?cycle=abc': 400,
    '/api/v1/questions/coord.nap?cycle=2024x': 400, '/api/v1/questions/nope': 404,
    ['/questions/' + 'a'.repeat(65)]: 400, ['/questions/coord.nap?answer=' + 'x'.repeat(101)]: 400,
    '/api/v1/questions/coord%20nap': 400, '/states/KEN/changes?changed=2': 400, '/api/v1/states/KEN/changes?changed=x': 400,
    '/sections/1?cycle=2028': 400, '/sections/1?region=999': 400,
  };
  for (const [p, want] of Object.entries(cases)) assert.equal((await get(p)).status, want, p);
  const lower = await get('/api/v1/states/ken/changes?changed=1');
  assert.equal(lower.status, 301);
  assert.equal(lower.headers.get('location'), '/api/v1/states/KEN/changes');
});

test('the data dictionary lists every real templated cycle and only those', async () => {
  const r = await get('/data/dictionary.csv');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /poaiss-dictionary\.csv/);
  const lines = (await r.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'cycle,question,number,section,type,text,refs,options,applies_when');
  const cycles = new Set(lines.slice(1).map(l => Number(l.split(',')[0])));
  const api = await json('/api/v1/questions/coord.nap');
  for (const c of api.cycles) assert.ok(cycles.has(c), String(c));
  assert.ok([...cycles].every(c => c >= 2010 && c < 2100));
});
