// The analysis of implementation (issue 12): the pages with their SVG charts and data tables, the
// downloads of their numbers, the API, and the check of the issue: the reporting rates recomputed from
// /cycles/{year}.json and the shares recomputed from /questions/{id}.json agree EXACTLY.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const get = path => fetch(srv.base + path);
const json = async path => {
  const r = await get(path);
  assert.equal(r.status, 200, path);
  return r.json();
};

test('reporting rates agree exactly with /cycles/{year}.json, globally and by region', async () => {
  const a = await json('/api/v1/analysis/reporting');
  assert.ok(a.cycles.length >= 8);
  assert.equal(a.cycles[0].cycle, 2010);
  assert.ok(!a.cycles.some(c => c.cycle >= 2100), 'benchmark cycles are never analysed');
  assert.equal(a.synthetic, true);
  for (const c of a.cycles) {
    const rows = await json(`/cycles/${c.cycle}.json`);
    const reported = rows.filter(r => r.reported).length;
    assert.equal(c.states, rows.length, `${c.cycle} states`);
    assert.equal(c.reported, reported, `${c.cycle} reported`);
    assert.equal(c.rate, 100 * reported / rows.length, `${c.cycle} rate`);
    for (const area of a.areas.filter(x => x.kind === 'region')) {
      const mine = rows.filter(r => r.region === area.code);
      const ac = area.cycles.find(x => x.cycle === c.cycle);
      assert.equal(ac.states, mine.length, `${c.cycle} ${area.code}`);
      assert.equal(ac.reported, mine.filter(r => r.reported).length, `${c.cycle} ${area.code} reported`);
    }
  }
  // first-time reporters and States that stopped, from the same rows
  const byCycle = {};
  for (const c of a.cycles) byCycle[c.cycle] = new Set((await json(`/cycles/${c.cycle}.json`)).filter(r => r.reported).map(r => r.state));
  const years = a.cycles.map(c => c.cycle);
  for (let i = 1; i < years.length; i++) {
    const now = byCycle[years[i]], prev = byCycle[years[i - 1]];
    const earlier = new Set(years.slice(0, i).flatMap(y => [...byCycle[y]]));
    assert.equal(a.cycles[i].first_time, [...now].filter(s => !earlier.has(s)).length, `${years[i]} first time`);
    assert.equal(a.cycles[i].stopped, [...prev].filter(s => !now.has(s)).length, `${years[i]} stopped`);
  }
  const ever = new Set(years.flatMap(y => [...byCycle[y]]));
  assert.equal(a.never_reported, a.states.length - ever.size);
  // drafts never count: the 2026 drafts and submitted reports are not "reported"
  const c26 = a.cycles.find(c => c.cycle === 2026);
  const pub26 = await json('/api/v1/reports?cycle=2026');
  assert.equal(c26.reported, (pub26.reports ?? pub26).filter(r => (r.version ?? 1) > 0).length);
});

// The answer's short text in /questions/{id}.json for a yes/no/developing value.
const LABEL = { yes: 'Yes', no: 'No', developing: 'Developing' };

test('shares agree exactly with /questions/{id}.json, following renamed and merged questions', async () => {
  for (const q of ['coord.nap', 'coord.body', 'stock.standards', 'sdg1642.iafq', 'challenges']) {
    const a = await json(`/api/v1/analysis/questions/${q}`);
    let compared = 0;
    for (const c of a.cycles) {
      if (!c.asked_as) continue;
      const rows = await json(`/questions/${c.asked_as}.json`);
      const cells = rows.map(r => r[String(c.cycle)]).filter(v => v !== null && v !== undefined);
      assert.equal(c.reporting, cells.length, `${q} ${c.cycle} reporting`);
      assert.equal(c.no_response, cells.filter(v => v === 'no response').length, `${q} ${c.cycle} no response`);
      for (const ans of c.answers) {
        const n = cells.filter(v => v === LABEL[ans.value]).length;
        assert.equal(ans.count, n, `${q} ${c.cycle} ${ans.value}`);
        assert.equal(ans.share, 100 * n / cells.length, `${q} ${c.cycle} ${ans.value} share`);
      }
      compared++;
    }
    assert.ok(compared > 0, q);
  }
  // stock.standards was merged in 2014 from two questions: before, no share at all
  const st = await json('/api/v1/analysis/questions/stock.standards');
  const s2012 = st.cycles.find(c => c.cycle === 2012);
  assert.equal(s2012.asked_as, null);
  assert.match(s2012.merged_from, /stock\.security/);
  // sdg1642.seized was sdg.seized until 2022
  const sz = await json('/api/v1/analysis/questions/sdg1642.seized');
  assert.equal(sz.cycles.find(c => c.cycle === 2022).asked_as, 'sdg.seized');
  const f22 = sz.cycles.find(c => c.cycle === 2022).figures.find(f => f.field === 'total');
  assert.ok(f22.states > 0 && f22.states <= sz.cycles.find(c => c.cycle === 2022).reporting);
  // a multiple choice question: each option's count against the cross-view's labels
  const mq = await json('/api/v1/analysis/questions/manuf.marking.content?cycle=2024');
  const serial = mq.cycles.find(c => c.cycle === 2024).answers.find(x => x.value === 'serial');
  const rows = await json('/questions/manuf.marking.content.json');
  assert.equal(serial.count, rows.filter(r => r['2024']?.split('; ').includes('Serial number')).length);
  // a region narrows the denominator to its reporting States
  const afr = await json('/api/v1/analysis/questions/coord.nap?region=002&cycle=2024');
  const c24 = afr.cycles.find(c => c.cycle === 2024);
  const cyc = await json('/cycles/2024.json');
  assert.equal(c24.reporting, cyc.filter(r => r.region === '002' && r.reported).length);
});

test('SDG 16.4.2: the proportion is traced over the weapons of the States counted, with a method note', async () => {
  const a = await json('/api/v1/analysis/sdg-16-4-2');
  assert.equal(a.custodian, 'UNODC');
  assert.equal(a.cycles[0].cycle, 2018);
  for (const c of a.cycles) {
    assert.ok(c.states_counted <= c.states_reporting);
    if (c.weapons) assert.equal(c.proportion, 100 * c.traced / c.weapons);
  }
  const counted = a.states.filter(s => s.counted);
  const sel = a.cycles.find(c => c.cycle === a.cycle);
  assert.equal(counted.length, sel.states_counted);
  assert.equal(counted.reduce((t, s) => t + s.traced, 0), sel.traced);
  assert.equal(counted.reduce((t, s) => t + (s.seized ?? 0) + (s.found ?? 0) + (s.surrendered ?? 0), 0), sel.weapons);
  assert.match(a.charts[0].source, /UNODC/);
  assert.equal((await get('/api/v1/analysis/sdg-16-4-2?cycle=2010')).status, 404);
});

test('assistance in numbers: needs, offers, gap, matched share; stages not yet measured', async () => {
  const a = await json('/api/v1/analysis/assistance');
  assert.ok(a.requests > 0 && a.offers > 0);
  assert.equal(a.categories.reduce((t, c) => t + c.needs, 0), a.requests);
  for (const c of a.categories) assert.equal(c.gap, c.needs - c.offers);
  assert.equal(a.matched_share, 100 * a.matched / a.requests);
  const page = await (await get('/analysis/assistance')).text();
  if (!a.stages_measured) assert.match(page, /Not yet measured/);
});

test('pages: SVG charts with titles, summaries and their data tables; synthetic data labelled; no script', async () => {
  for (const path of ['/analysis', '/analysis/reporting', '/analysis/reporting?cycle=2018', '/analysis/questions/coord.nap',
                      '/analysis/questions/sdg1642.seized?cycle=2024&region=002', '/analysis/sdg-16-4-2', '/analysis/assistance']) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    const html = await r.text();
    assert.doesNotMatch(html, /<script/);
    assert.match(html, /<a href="\/analysis"[^>]*>Analysis<\/a>/, 'Analysis in the navigation');
    if (path === '/analysis') continue;
    const svgs = html.match(/<svg[^>]*role="img"[^>]*>/g) || [];
    assert.ok(svgs.length > 0, path);
    for (const svg of svgs) {
      const id = svg.match(/aria-labelledby="st-([^"]+)"/)[1];
      assert.match(svg, new RegExp(`aria-describedby="s-${id}"`));
      assert.match(html, new RegExp(`<title id="st-${id}">[^<]+</title>`));
      assert.match(html, new RegExp(`<p class="summary" id="s-${id}">[^<]+</p>`));
      assert.match(html, new RegExp(`<caption id="c-${id}">`));
    }
    assert.match(html, /Synthetic data/);
  }
  const rep = await (await get('/analysis/reporting')).text();
  assert.match(rep, /<h2 id="h-map">Who reported, \d{4}<\/h2>/);
  assert.match(rep, /<a href="\/reports\/\d+">/, 'figures link to the reports behind them');
  // Arabic: the page is right to left, the chart mirrored (category labels anchored at the end on the right)
  const ar = await (await get('/analysis/reporting?lang=ar')).text();
  assert.match(ar, /<html lang="ar" dir="rtl"/);
  assert.match(ar, /<svg [^>]*direction="rtl"/);
  assert.doesNotMatch(rep, /direction="rtl"/);
});

test('downloads: one table of numbers per page, ?chart= for one chart, in CSV, XLSX and JSON', async () => {
  const all = await json('/analysis/reporting.json');
  const ids = new Set(all.map(r => r.chart));
  assert.deepEqual([...ids].sort(), ['changes', 'groups', 'map', 'rate', 'regions', 'subregions']);
  const rate = await json('/analysis/reporting.json?chart=rate');
  assert.ok(rate.length > 0 && rate.every(r => r.chart === 'rate'));
  const api = await json('/api/v1/analysis/reporting');
  const world = rate.filter(r => r.series === 'All States');
  assert.deepEqual(world.map(r => r.count), api.cycles.map(c => c.reported));
  assert.deepEqual(world.map(r => r.denominator), api.cycles.map(c => c.states));
  const csv = await get('/analysis/reporting.csv?chart=rate');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.match(await csv.text(), /^\ufeff?chart,title,category,code,series,value,count,denominator,unit,url,synthetic\r?\n/);
  const xlsx = await get('/analysis/sdg-16-4-2.xlsx');
  assert.equal(xlsx.status, 200);
  assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
  const q = await get('/analysis/questions/coord.nap.csv?cycle=2024');
  assert.equal(q.status, 200);
  assert.match(await q.text(), /trend,/);
  assert.equal((await get('/analysis/reporting.csv?chart=nope')).status, 404);
});

test('bad parameters: 400 malformed, 404 unknown, with messages', async () => {
  const cases = [
    ['/api/v1/analysis/reporting?cycle=abc', 400], ['/api/v1/analysis/reporting?cycle=1999', 404],
    ['/api/v1/analysis/reporting?cycle=2003', 404], ['/api/v1/analysis/questions/no.such.question', 404],
    ['/api/v1/analysis/questions/bad%20id', 400], ['/api/v1/analysis/questions/coord.nap?region=999', 400],
    ['/api/v1/analysis/questions/coord.nap?group=XYZ', 400], ['/analysis/reporting?cycle=abc', 400],
    ['/analysis/questions/no.such.question', 404],
  ];
  for (const [path, status] of cases) {
    const r = await get(path);
    assert.equal(r.status, status, path);
    if (path.startsWith('/api/')) {
      const body = await r.json();
      assert.equal(body.error.status, status);
      assert.ok(body.error.message.length > 10, path);
    }
  }
});
