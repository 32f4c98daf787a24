// The trends document of a cycle (issue 12, item 7): the page with its table of contents and
// numbered sections and figures, and the A4 PDF in English and Arabic: a PDF, its pages, its fonts
// embedded, the table of contents pointing at the pages where the sections are, the synthetic data
// said; 404 for a cycle that does not exist, 400 for one that is not a year; linked from /cycles/{year}.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const have = tool => { try { execFileSync('sh', ['-c', `command -v ${tool}`]); return true; } catch { return false; } };
const get = path => fetch(srv.base + path);

// Pages: pdfinfo when poppler-utils is installed, else the /Type /Page objects.
function pageCount(file, bytes) {
  if (have('pdfinfo')) return Number(execFileSync('pdfinfo', [file], { encoding: 'utf8' }).match(/^Pages:\s+(\d+)/m)[1]);
  return (bytes.toString('latin1').match(/\/Type \/Page\b(?!s)/g) || []).length;
}

async function pdf(lang) {
  const r = await get(`/analysis/trends/2026.pdf?lang=${lang}`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/pdf');
  assert.match(r.headers.get('content-disposition'), new RegExp(`filename="poaiss-trends-2026-${lang}\\.pdf"`));
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const file = join(srv.dir, `trends-${lang}.pdf`);
  writeFileSync(file, bytes);
  return { bytes, file };
}

for (const lang of ['en', 'ar']) {
  test(`the PDF in ${lang}: A4 pages, fonts embedded, contents that point at the right pages`, async () => {
    const { bytes, file } = await pdf(lang);
    const pages = pageCount(file, bytes);
    assert.ok(pages >= 8, `pages: ${pages}`);
    if (have('pdfinfo')) {
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      assert.match(info, /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      assert.match(info, /Title:\s+.*2026/);
    }
    if (have('pdffonts')) {
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      assert.ok(fonts.length > 0);
      for (const f of fonts) assert.match(f, /\byes\s+yes\s+yes\b/, `not embedded as a subset: ${f}`);   // emb sub uni
      assert.ok(fonts.some(f => /NotoSans/.test(f)));
      if (lang === 'ar') assert.ok(fonts.some(f => /NotoNaskhArabic/.test(f)), fonts.join('\n'));
    } else {
      assert.match(bytes.toString('latin1'), /\/FontFile2?/);
    }
    // An outline (bookmarks) and internal links to the sections.
    assert.match(bytes.toString('latin1'), /\/Outlines/);
    if (lang === 'en' && have('pdftotext')) {
      const text = n => execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', file, '-'], { encoding: 'utf8' });
      assert.match(text(1), /Analysis of trends/);
      assert.match(text(1), /Synthetic data/);
      const contents = text(2);
      assert.match(contents, /Contents/);
      // Each entry "N  Title ... page": the page holds the heading.
      const entries = [...contents.matchAll(/^\s*(\d+(?:\.\d+)?)\s+(.+?)\s{2,}(\d+)\s*$/gm)];
      assert.ok(entries.length >= 8, contents);
      for (const [, num, title, page] of entries) {
        assert.ok(Number(page) <= pages);
        assert.ok(text(Number(page)).includes(`${num}  ${title}`) || text(Number(page)).replace(/\s+/g, ' ').includes(`${num} ${title}`),
          `"${num} ${title}" is not on page ${page}`);
      }
      for (let n = 2; n <= pages; n++) assert.match(text(n), /Synthetic data/, `page ${n} does not say the data is synthetic`);
    }
  });
}

test('the page: the contents, numbered sections and figures with their data, the method and limits', async () => {
  const r = await get('/analysis/trends/2026');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<nav class="toc" aria-labelledby="toc"><h2 id="toc">Contents<\/h2><ol class="numbered"><li><a href="#s1">1 Introduction<\/a>/);
  assert.match(html, /<a href="#s2-1">2\.1 Reporting rates across cycles<\/a>/);
  assert.match(html, /<h2 id="s1">1 Introduction<\/h2>/);
  assert.match(html, /<h3 id="s2-1">2\.1 Reporting rates across cycles<\/h3>/);
  const figures = [...html.matchAll(/<figure id="fig-(\d+)"[^>]*><figcaption><strong>Figure (\d+)\.<\/strong>/g)];
  assert.ok(figures.length >= 4);
  figures.forEach(([, id, n], i) => { assert.equal(Number(id), i + 1); assert.equal(Number(n), i + 1); });
  // Each figure drawn as the analysis pages draw theirs: an SVG and its data table.
  const fig1 = html.slice(html.indexOf('<figure id="fig-1"'), html.indexOf('</figure>', html.indexOf('<figure id="fig-1"')));
  assert.match(fig1, /<svg /);
  assert.match(fig1, /<caption id="c-reporting-rate">Data: /);
  const ids = [...html.matchAll(/ id="([^"]+)"/g)].map(m => m[1]);
  assert.deepEqual(ids.filter((x, i) => ids.indexOf(x) !== i), [], 'ids used twice');
  assert.match(html, /Method and limits of the data<\/h2>/);
  assert.match(html, /Synthetic data/);
  assert.match(html, /<a href="\/analysis\/trends\/2026\.pdf\?lang=en">/);
  // Every heading's anchor is in the contents, once.
  const anchors = [...html.matchAll(/<h[23] id="(s[\d-]+)">/g)].map(m => m[1]);
  for (const a of anchors) assert.equal(html.split(`href="#${a}"`).length, 2, a);
});

test('the page in Arabic is right to left; the rates are those of /cycles/{year}.json', async () => {
  const html = await (await get('/analysis/trends/2026?lang=ar')).text();
  assert.match(html, /<html lang="ar" dir="rtl">/);
  const rows = await (await get('/cycles/2026.json')).json();
  const reported = rows.filter(r => r.reported).length;
  const en = await (await get('/analysis/trends/2026')).text();
  assert.match(en, new RegExp(`For the 2026 cycle, ${reported} of ${rows.length} States have published a national report`));
});

test('a cycle that does not exist is a 404, one that is not a year a 400; /cycles/{year} links to the document', async () => {
  for (const p of ['/analysis/trends/1999', '/analysis/trends/1999.pdf']) assert.equal((await get(p)).status, 404, p);
  assert.equal((await get('/analysis/trends/abc.pdf')).status, 400);
  assert.equal((await get('/analysis/trends/2026.csv')).status, 400);
  const cycle = await (await get('/cycles/2026')).text();
  assert.match(cycle, /<a href="\/analysis\/trends\/2026">/);
  assert.match(cycle, /<a href="\/analysis\/trends\/2026\.pdf">PDF<\/a>/);
});
