// Browser tests: Debian's Chromium driven by playwright-core.  Every page is visited,
// checked with axe-core (no WCAG 2.1 AA violation allowed) and screenshotted into
// tests/browser/screenshots/.  A user signs in and out with JavaScript off.
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';

process.env.POAISS_BIN ||= 'build/poaiss';   // before helpers.mjs reads it (a static import would run first)
const { startServer } = await import('../http/helpers.mjs');
const SHOTS = 'tests/browser/screenshots';
mkdirSync(SHOTS, { recursive: true });

const srv = await startServer();
const watchdog = setTimeout(() => { console.log('not ok - browser tests timed out'); process.exit(1); }, 600000);   // 10 min: a loaded 2-core machine is slow, CI has the whole run under 20
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let failures = 0;
const fail = msg => { failures++; console.log('not ok - ' + msg); };
const ok = msg => console.log('ok - ' + msg);

async function check(page, path, name, { status = 200 } = {}) {
  const errors = [];
  page.removeAllListeners('console');
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  const resp = await page.goto(srv.base + path);
  if (resp.status() !== status) fail(`${path}: status ${resp.status()}, expected ${status}`);
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  if (axe.violations.length) {
    fail(`${path}: ${axe.violations.length} axe violation(s)`);
    for (const v of axe.violations) {
      console.log(`    [${v.impact}] ${v.id}: ${v.help}`);
      for (const n of v.nodes.slice(0, 3)) console.log(`        ${n.target.join(' ')}  ${n.html.slice(0, 100)}`);
    }
  } else {
    ok(`${path}: no axe violation (${axe.passes.length} rules passed)`);
  }
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) fail(`${path}: ${h1} h1 elements`);
  const lang = await page.getAttribute('html', 'lang');
  if (!lang) fail(`${path}: no lang`);
  if (errors.length && status === 200) fail(`${path}: console errors: ${errors.join('; ')}`);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: name !== 'poa' });
}

try {
  // axe runs as a script in the page, so the checks run with JavaScript on (the pages have none
  // of their own); the user journeys below run with JavaScript off.
  const axeCtx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page0 = await axeCtx.newPage();
  page0.setDefaultTimeout(15000);
  const ctx = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15000);
    await check(page0, '/', 'home');
  await check(page0, '/states', 'states');
  await check(page0, '/states?region=002&group=AFR', 'states-filtered');
  await check(page0, '/states/KEN', 'state-ken');
  await check(page0, '/states/PSE', 'state-pse');
  await check(page0, '/organisations', 'organisations');
  await check(page0, '/organisations/ECOWAS', 'organisation-ecowas');
  await check(page0, '/cycles', 'cycles');
  await check(page0, '/documents/poa', 'poa');
  await check(page0, '/login', 'login');
  await check(page0, '/search?q=marking+weapons', 'search');
  await check(page0, '/questions', 'questions');
  await check(page0, '/data', 'data');
  await check(page0, '/questions/coord.nap', 'question-coord-nap');
  await check(page0, '/questions/coord.nap?cycle=2024&answer=no', 'question-coord-nap-no-2024');
  await check(page0, '/search?question=coord.nap&answer=no&cycle=2024', 'search-answer-no-2024');
  await check(page0, '/states/AFG/changes', 'state-afg-changes');
  await check(page0, '/states/XYZ', 'not-found', { status: 404 });

  // The filter form works without JavaScript.
  await page.goto(srv.base + '/states');
  await page.getByLabel('UN regional group').selectOption('EEG');
  await Promise.all([page.waitForURL('**/states?**'), page.getByRole('button', { name: 'Filter' }).click()]);
  const count = await page.locator('p.count').textContent();
  if (!/^23 States/.test(count)) fail('filter by EEG: ' + count); else ok('filter form without JavaScript: ' + count.split('·')[0].trim());

  // The skip link is the first stop for the keyboard and moves focus to main.
  await page.goto(srv.base + '/states/KEN');
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent);
  if (first !== 'Skip to content') fail('first tab stop: ' + first); else ok('skip link is the first tab stop');

  // A paragraph anchor.
  await page.goto(srv.base + '/documents/poa#II.4');
  const target = await page.locator('li:target').textContent();
  if (!/national coordination agencies/.test(target)) fail('#II.4 anchor'); else ok('PoA paragraph anchor #II.4');
  await page.screenshot({ path: `${SHOTS}/poa-II.4.png` });

  // Sign in and out with JavaScript off; a wrong password first.
  await page.goto(srv.base + '/login');
  await page.getByLabel('Username').fill('kenya');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (!(await page.locator('.error-summary').isVisible())) fail('wrong password shows an error summary');
  else ok('wrong password: error summary shown');
  await page.screenshot({ path: `${SHOTS}/login-error.png`, fullPage: true });
  await page.goto(srv.base + '/login');
  await page.getByLabel('Username').fill('kenya');
  await page.getByLabel('Password').fill('kenya-demo-2026');
  await Promise.all([page.waitForURL('**/account'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await page.screenshot({ path: `${SHOTS}/account-nojs.png`, fullPage: true });
  // The account page checked with axe, signed in the same way in the axe context.
  await page0.goto(srv.base + '/login');
  await page0.getByLabel('Username').fill('kenya');
  await page0.getByLabel('Password').fill('kenya-demo-2026');
  await Promise.all([page0.waitForURL('**/account'), page0.getByRole('button', { name: 'Sign in' }).click()]);
  await check(page0, '/account', 'account');
  await Promise.all([page0.waitForURL('**/reports/*/edit'), page0.getByRole('button', { name: /^Start the \d{4} report$/ }).first().click()]);
  const rpath = new URL(page0.url()).pathname.replace('/edit', '');
  await check(page0, rpath + '/edit', 'report-edit-section1');
  await check(page0, rpath + '/edit?section=10', 'report-edit-section10');
  await check(page0, rpath + '/check', 'report-check-axe');
  await check(page0, rpath + '?view=working', 'report-working');
  await Promise.all([page.waitForURL(srv.base + '/'), page.getByRole('button', { name: 'Sign out' }).click()]);
  if (await page.getByRole('link', { name: 'Sign in', exact: true }).count() !== 1) fail('signed out'); else ok('sign in and sign out without JavaScript');

  // A focal point reports with JavaScript off: start, fill section 1, save, check, submit.
  await page.goto(srv.base + '/login');
  await page.getByLabel('Username').fill('kenya');
  await page.getByLabel('Password').fill('kenya-demo-2026');
  await Promise.all([page.waitForURL('**/account'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await Promise.all([page.waitForURL('**/reports/*/edit'), page.getByRole('link', { name: 'Continue the report' }).first().click()]);
  const editUrl = page.url();
  const q = page.locator('#q-coord\\.body');
  await q.getByLabel('Yes', { exact: true }).check();
  await page.locator('[name="v:coord.body.members:women"]').fill('4');
  await page.locator('[name="v:coord.body.members:men"]').fill('seven');     // invalid: kept as a draft with a warning
  await page.locator('[name="v:coord.poc:name"]').fill('Jane Focal');
  await page.locator('[name="v:coord.poc:email"]').fill('jane@example.org');
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  if (await page.locator('[name="v:coord.body.members:men"]').inputValue() !== 'seven') fail('invalid draft value kept');
  else ok('a draft keeps an invalid value, with a warning');
  await page.screenshot({ path: `${SHOTS}/report-form.png`, fullPage: false });
  const reportPath = new URL(editUrl).pathname.replace('/edit', '');
  // Check lists the error with a link to the field; fix it; submit.
  await page.goto(srv.base + reportPath + '/check');
  const errLink = page.locator('.error-summary a').first();
  if (!(await errLink.count())) fail('check shows an error summary'); else ok('check: error summary links to the field');
  await page.screenshot({ path: `${SHOTS}/report-check.png`, fullPage: true });
  await errLink.click();
  await page.locator('[name="v:coord.body.members:men"]').fill('7');
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  await page.goto(srv.base + reportPath + '/check');
  await Promise.all([page.waitForURL('**/submitted'), page.getByRole('button', { name: /Submit the report/ }).click()]);
  ok('submitted');
  // A second editor's stale form: conflict with both values shown, nothing typed is lost.
  // (kenya's report is submitted now; conflicts are covered on another State below.)
  await ctx.clearCookies();

  // The Secretariat publishes.
  const sec = await browser.newContext({ javaScriptEnabled: false });
  const sp = await sec.newPage();
  await sp.goto(srv.base + '/login');
  await sp.getByLabel('Username').fill('unoda');
  await sp.getByLabel('Password').fill('unoda-demo-2026');
  await Promise.all([sp.waitForURL('**/account'), sp.getByRole('button', { name: 'Sign in' }).click()]);
  await sp.goto(srv.base + reportPath + '/publish');   // publishing is confirmed on its own page
  await Promise.all([sp.waitForURL('**' + reportPath + '**'), sp.getByRole('button', { name: 'Publish the report' }).click()]);
  ok('published by the Secretariat');
  await check(page0, reportPath, 'report-published');
  const txt = await page0.locator('#q-coord\\.body dd').textContent();
  if (txt.trim() !== 'Yes') fail('published answer shown: ' + txt); else ok('the public reads the published report');
  await check(page0, '/cycles/2026', 'cycle-2026');
  // The published report in Arabic (right to left) and Chinese, the template's own strings translated
  // (po/templates/); a context of its own, so the language cookie does not follow the other pages.
  const i18nCtx = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 800 } });
  const ip = await i18nCtx.newPage();
  ip.setDefaultTimeout(15000);
  for (const [lang, text] of [['ar', 'هل لدى بلدكم وكالة أو هيئة تنسيق وطنية'], ['zh', '贵国是否设有负责小武器和轻武器问题的国家协调机构']]) {
    await check(ip, reportPath + '?lang=' + lang, 'report-published-' + lang);
    const dt = await ip.locator('#q-coord\\.body dt').textContent();
    if (!dt.includes(text)) fail(`${lang}: question text of the published report: ${dt}`);
    else ok(`${lang}: the published report shows the template in ${lang}`);
  }
  await i18nCtx.close();

  // A correction in the browser: the focal point reopens, changes an answer, submits; the Secretariat publishes version 2.
  const kp = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await kp.goto(srv.base + '/login');
  await kp.getByLabel('Username').fill('kenya');
  await kp.getByLabel('Password').fill('kenya-demo-2026');
  await Promise.all([kp.waitForURL('**/account'), kp.getByRole('button', { name: 'Sign in' }).click()]);
  await kp.goto(srv.base + reportPath);
  await Promise.all([kp.waitForURL('**/edit'), kp.getByRole('button', { name: /Correct this report/ }).click()]);
  await kp.locator('#q-coord\\.body').getByLabel('Developing', { exact: true }).check();
  await Promise.all([kp.waitForURL(/saved=1/), kp.getByRole('button', { name: 'Save', exact: true }).click()]);
  await kp.goto(srv.base + reportPath + '/check');
  await Promise.all([kp.waitForURL('**/submitted'), kp.getByRole('button', { name: /Submit the report/ }).click()]);
  await sp.goto(srv.base + reportPath + '/publish');   // publishing is confirmed on its own page
  await Promise.all([sp.waitForURL('**' + reportPath + '**'), sp.getByRole('button', { name: 'Publish the report' }).click()]);
  await page0.goto(srv.base + reportPath);
  const changes = await page0.locator('#changes + ul').textContent().catch(() => '');
  if (!/Yes/.test(changes) || !/Developing/.test(changes)) fail('version 2 shows its changes: ' + changes);
  else ok('a correction published as version 2 shows what changed');
  await check(page0, reportPath, 'report-version2');
  await check(page0, '/states/KEN', 'state-ken-with-report');

  // Conflict: two France editors load the same section; the second save shows both values.
  const a = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  const bpage = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  for (const p of [a, bpage]) {
    await p.goto(srv.base + '/login');
    await p.getByLabel('Username').fill('france');
    await p.getByLabel('Password').fill('france-demo-2026');
    await Promise.all([p.waitForURL('**/account'), p.getByRole('button', { name: 'Sign in' }).click()]);
  }
  await Promise.all([a.waitForURL('**/edit'), a.getByRole('button', { name: /^Start the \d{4} report$/ }).first().click()]);
  await bpage.goto(a.url());
  await a.locator('#q-coord\\.body').getByLabel('No', { exact: true }).check();
  await Promise.all([a.waitForURL(/saved=1/), a.getByRole('button', { name: 'Save', exact: true }).click()]);
  await bpage.locator('#q-coord\\.body').getByLabel('Developing', { exact: true }).check();
  await bpage.getByRole('button', { name: 'Save', exact: true }).click();
  const summary = await bpage.locator('.error-summary').textContent().catch(() => '');
  const kept = await bpage.locator('#q-coord\\.body').getByLabel('Developing', { exact: true }).isChecked();
  if (!/"no"/.test(summary) || !/"developing"/.test(summary) || !kept) fail('conflict shows both values and keeps the typed one: ' + summary);
  else ok('conflict: both values shown, the typed value kept');
  await bpage.screenshot({ path: `${SHOTS}/report-conflict.png`, fullPage: false });

  // Taking access back (issue 9): the password page with its errors, the admin's accounts and a confirmation
  // page, with the Secretariat's and the focal point's pages, are walked at 375 px and 1280 px, in English and
  // Arabic, by tests/browser/roles_walk.mjs.

  // A narrow screen.
  const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, javaScriptEnabled: false });
  const p2 = await phone.newPage();
  await p2.goto(srv.base + '/states/KEN');
  await p2.screenshot({ path: `${SHOTS}/state-ken-phone.png`, fullPage: true });
  const overflow = await p2.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  if (overflow) fail('the State page scrolls sideways at 375 px'); else ok('no sideways scroll at 375 px');
} finally {
  await browser.close();
  await srv.stop();
}
console.log(failures ? `${failures} browser check(s) failed` : 'browser checks passed');
clearTimeout(watchdog);
process.exit(failures ? 1 : 0);
