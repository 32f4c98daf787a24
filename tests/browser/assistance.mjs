// The assistance pages in Chromium (issue 10): a partner records an offer and marks interest
// with JavaScript off, as a user would (labels, buttons); then the board, a request page, an
// offer page, the partner's workspace, the State's account and the forms with their errors are
// checked with axe (WCAG 2.1 AA) at 1280 px and 375 px, in English and Arabic, and must not
// scroll sideways.  Screenshots go to tests/browser/screenshots/assist-*.png.
//   POAISS_BIN=build/poaiss node tests/browser/assistance.mjs   (make browser runs it)
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { startServer } from '../http/helpers.mjs';

// helpers.mjs reads POAISS_BIN when it is imported (before this line): run with POAISS_BIN=build/poaiss, as make browser does.
const SHOTS = 'tests/browser/screenshots';
mkdirSync(SHOTS, { recursive: true });
const srv = await startServer();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
let failures = 0;
const say = (good, msg) => { if (!good) failures++; console.log(`${good ? 'ok' : 'not ok'} - ${msg}`); };

async function signIn(page, user, lang = 'en') {
  await page.goto(`${srv.base}/login?lang=${lang}`);
  await page.locator('#username').fill(user);
  await page.locator('#password').fill(`${user}-demo-2026`);
  await Promise.all([page.waitForURL('**/account**'), page.locator('form.stack button[type=submit]').click()]);
}

async function check(page, path, name) {
  const resp = await page.goto(srv.base + path);
  say([200, 422].includes(resp.status()), `${name}: ${path} answers ${resp.status()}`);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  say(!axe.violations.length, `${name}: axe ${axe.testEngine.version} ${axe.violations.map(v => `${v.id} (${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')})`).join('; ') || 'clean'}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  say(!wide, `${name}: no sideways scroll`);
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('main input:not([type=hidden]), main select, main textarea')]
    .filter(el => !el.id || !document.querySelector(`label[for="${CSS.escape(el.id)}"]`)).map(el => el.name));
  say(!unlabelled.length, `${name}: every field has its label ${unlabelled.join(', ')}`);
  await page.screenshot({ path: `${SHOTS}/assist-${name}.png`, fullPage: !name.startsWith('board') });
}

let requestPath = '/assistance', offerPath = '';
try {
  // The journey, JavaScript off: a focal point files a need, a partner records an offer that fits it, marks interest.
  const ken = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(ken, 'kenya');
  await ken.goto(srv.base + '/assistance/requests/new');
  await ken.getByLabel('Thematic category').selectOption('stockpile');
  await ken.getByLabel('Kind of assistance sought').selectOption('training');
  await ken.getByLabel('Title', { exact: true }).fill('Training of armourers in stockpile management');
  await ken.getByLabel('Estimated cost in US dollars').fill('120 000');
  await ken.getByLabel('Start of the period').fill('2027-03');
  await ken.getByLabel('End of the period').fill('2028-02');
  await ken.getByLabel('Yes').check();
  await ken.getByLabel('English').check();
  await Promise.all([ken.waitForURL('**/assistance/requests/*?done=created'), ken.getByRole('button', { name: 'File the request' }).click()]);
  requestPath = new URL(ken.url()).pathname;
  say(/^\/assistance\/requests\/\d+$/.test(requestPath), `Kenya filed ${requestPath} through the form`);

  const p = await (await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } })).newPage();
  await signIn(p, 'donor');
  await p.getByRole('link', { name: 'Record an offer of assistance' }).click();
  await p.getByLabel('Title', { exact: true }).fill('Stockpile training for Eastern Africa');
  await p.getByLabel('Stockpile management and physical security').check();
  await p.getByLabel('Training', { exact: true }).first().check();
  await p.getByLabel('Eastern Africa').check();
  await p.getByLabel('Smallest amount in US dollars').fill('50000');
  await p.getByLabel('Largest amount in US dollars').fill('500000');
  await p.getByLabel('English').check();
  await Promise.all([p.waitForURL('**/assistance/offers/*?done=created'), p.getByRole('button', { name: 'Record the offer' }).click()]);
  offerPath = new URL(p.url()).pathname;
  const first = await p.locator('ol.matches > li h3 a').first().getAttribute('href');
  say(first === requestPath, `the offer's best request is Kenya's (${first})`);
  await p.goto(srv.base + requestPath);
  await p.getByLabel('Note to the State').fill('We can train 20 armourers in 2027.');
  await Promise.all([p.waitForURL('**?done=interest'), p.getByRole('button', { name: 'Mark interest' }).click()]);
  say(await p.locator('.banner-success').count() === 1, 'the partner marked interest and sees a banner');
  await Promise.all([ken.waitForURL('**/account'), ken.goto(srv.base + '/account')]);
  await ken.getByRole('link', { name: /^Answer/ }).first().click();
  await Promise.all([ken.waitForURL('**?done=accepted'), ken.getByRole('button', { name: /^Accept/ }).first().click()]);
  say(await ken.locator('.tag-assist-accepted').count() === 1, 'Kenya accepted the interest');

  // The board, a request page and the workspace at both widths in both languages; the other pages at two of the four.
  for (const [width, lang] of [[1280, 'en'], [375, 'en'], [1280, 'ar'], [375, 'ar']]) {
    const tag = `${width}-${lang}`;
    const all = (width === 1280 && lang === 'en') || (width === 375 && lang === 'ar');
    const anon = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
    await anon.goto(`${srv.base}/?lang=${lang}`);
    await check(anon, '/assistance', `board-${tag}`);
    await check(anon, requestPath, `request-${tag}`);
    if (all) await check(anon, '/assistance?category=stockpile&region=002', `board-filtered-${tag}`);
    if (all) await check(anon, offerPath, `offer-${tag}`);
    const partner = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
    await signIn(partner, 'donor', lang);
    await check(partner, '/account?category=stockpile&region=002', `workspace-${tag}`);
    if (all) {
      await check(partner, requestPath, `request-partner-${tag}`);
      await check(partner, '/assistance/offers/new', `offer-form-${tag}`);
      await partner.locator('form.stack.wide button[type=submit]').click();
      const errs = await partner.locator('.error-summary li a').count();
      say(errs >= 1, `offer form ${tag}: ${errs} error(s) in the summary after an empty save`);
      const state = await (await browser.newContext({ viewport: { width, height: 800 } })).newPage();
      await signIn(state, 'kenya', lang);
      await check(state, '/account', `state-account-${tag}`);
      await check(state, requestPath, `request-state-${tag}`);
      await check(state, '/assistance/requests/new', `request-form-${tag}`);
      await state.locator('form.stack.wide button[type=submit]').click();
      await state.screenshot({ path: `${SHOTS}/assist-request-form-errors-${tag}.png`, fullPage: true });
      const axe = await new AxeBuilder({ page: state }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      say(!axe.violations.length, `request form with errors ${tag}: axe ${axe.violations.map(v => v.id).join(', ') || 'clean'}`);
      await state.context().close();
    }
    for (const pg of [anon, partner]) await pg.context().close();
  }
} finally {
  await browser.close();
  await srv.stop();
}
console.log(failures ? `${failures} check(s) failed` : 'assistance browser checks passed');
process.exit(failures ? 1 : 0);
