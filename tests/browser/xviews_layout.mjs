// The cross-views' layout at 1280 px and 375 px (issue 9 item 8): the newest cycle in view,
// the State (or question) column fixed while the table scrolls and aligned with its header,
// every scrolling table a focusable, labelled region; axe finds nothing.  Run by hand:
//   node tests/browser/xviews_layout.mjs      (uses build/poaiss)
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startServer } from '../http/helpers.mjs';

process.env.POAISS_BIN ||= 'build/poaiss';
const srv = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
let failures = 0;
const say = (good, msg) => { if (!good) failures++; console.log(`${good ? 'ok' : 'not ok'} - ${msg}`); };
for (const width of [1280, 375]) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  for (const [path, table] of [['/questions/coord.nap', 'table.xview:not(.counts)'], ['/sections/1?cycle=2024', 'table.section-view'],
                               ['/states/AFG/changes', 'table.changes']]) {
    await page.goto(srv.base + path);
    const t = page.locator(table).first();
    const head = await t.locator('thead th').first().boundingBox();
    const cell = await t.locator('tbody th').first().boundingBox();
    say(Math.abs(head.x - cell.x) < 1 && Math.abs(head.width - cell.width) < 1, `${width} ${path}: the row header column is aligned with its header`);
    if (path.startsWith('/questions') && width >= 1280) {
      const second = await t.locator('thead th').nth(1).boundingBox();
      say(second.x + second.width <= width, `${width} ${path}: the newest cycle (${await t.locator('thead th').nth(1).innerText()}) is in view`);
    }
    const region = t.locator('xpath=..');
    say(await region.getAttribute('role') === 'region' && await region.getAttribute('tabindex') === '0' &&
        !!await region.getAttribute('aria-labelledby'), `${width} ${path}: the table scrolls in a focusable, labelled region`);
    await region.evaluate(el => { el.scrollLeft = el.scrollWidth; });
    const after = await t.locator('tbody th').first().boundingBox();
    const box = await region.boundingBox();
    say(after.x >= box.x - 1 && after.x <= box.x + 1, `${width} ${path}: the row header stays in view when the table scrolls (${Math.round(after.x)} / ${Math.round(box.x)})`);
    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    say(!axe.violations.length, `${width} ${path}: axe ${axe.violations.map(v => v.id).join(', ') || 'clean'}`);
  }
  await context.close();
}
await browser.close();
await srv.stop();
process.exit(failures ? 1 : 0);
