// The pages of the roles that do the work (issue 9, items 4, 7 and 8), walked as each role
// would at 375 px and 1280 px, in English and Arabic: the Secretariat's desk, the cycles and
// the form that opens one (with its errors), a submitted report's working view (at 375 px), the
// publish and return confirmations; the admin's
// accounts, a confirmation and the password page (with its errors); the focal point's /account,
// a report form after a bad save and the check page.  On every page: no axe violation (WCAG 2.1
// AA), no sideways scroll, and no date left as an ISO string ("2026-04-24T06:18:29Z") on the
// pages that write dates for their language.  After a bad save, focus is on the error summary,
// with JavaScript (static/error-summary.js) and without (autofocus).  Screenshots go to
// tests/browser/screenshots/walk-*.png.  Run by `make browser`, or alone:
//   node tests/browser/roles_walk.mjs          (uses build/poaiss)
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

process.env.POAISS_BIN ||= 'build/poaiss';   // before helpers.mjs reads it (imports are hoisted)
const { startServer } = await import('../http/helpers.mjs');
const SHOTS = process.env.SHOTS || 'tests/browser/screenshots';
mkdirSync(SHOTS, { recursive: true });

const srv = await startServer();
const watchdog = setTimeout(() => { console.log('not ok - the walk timed out'); process.exit(1); }, 300000);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failures = 0;
const T0 = Date.now();
const say = (good, msg) => { if (!good) failures++; console.log(`${good ? "ok" : "not ok"} - ${msg}${process.env.WALK_TIMES ? ` [${Date.now() - T0} ms]` : ""}`); };
// axe-core itself, evaluated in the page (as @axe-core/playwright does, but asking for violations
// only: five times faster, which keeps this walk of some fifty pages short).
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const ISO = /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?Z?)?\b/;

async function signIn(ctx, user) {
  const p = await ctx.newPage();
  p.setDefaultTimeout(20000);
  await p.goto(srv.base + '/login');
  await p.locator('#username').fill(user);
  await p.locator('#password').fill(user + '-demo-2026');
  await Promise.all([p.waitForURL('**/account'), p.locator('form.stack button[type=submit]').click()]);
  return p;
}

const viewportWidth = p => p.viewportSize().width;

// One page as it stands (path: go there first): axe, width, dates, a screenshot.
async function look(p, tag, path, { dates = false, status = 200 } = {}) {
  if (path) {
    const r = await p.goto(srv.base + path);
    if (r.status() !== status) say(false, `${tag} ${path}: status ${r.status()}`);
  }
  const where = `${tag} ${new URL(p.url()).pathname}`;
  if (!await p.evaluate(() => typeof window.axe === 'object')) await p.evaluate(AXE);
  const violations = await p.evaluate(tags => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    .then(r => r.violations.map(v => `[${v.impact}] ${v.id} (${v.nodes.length}: ${v.nodes[0].target.join(' ')})`)), AXE_TAGS);
  say(!violations.length, `${where}: axe ${violations.join(', ') || 'clean'}`);
  const [sw, iw] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  say(sw <= iw, `${where}: ${sw} px wide in a ${iw} px window`);
  if (dates) {
    const iso = (await p.evaluate(() => document.querySelector('main').innerText)).match(ISO);
    say(!iso, `${where}: dates written for the language${iso ? ` (found ${iso[0]})` : ''}`);
  }
  await p.screenshot({ path: `${SHOTS}/walk-${tag}-${(path || new URL(p.url()).pathname).replace(/\W+/g, '_')}.png`, fullPage: viewportWidth(p) < 1000 });
}

// After a bad save: the summary is shown and has the focus.
async function badSave(p, rpath) {
  await p.goto(srv.base + rpath + '/edit');
  await p.locator('#q-coord\\.body input[value="yes"]').check();
  await p.locator('[name="v:coord.body.members:men"]').fill('seven');
  await Promise.all([p.waitForURL(/saved=1/), p.locator('button[name=go][value=stay]').click()]);
  await p.waitForLoadState('load');
  return p.evaluate(() => document.activeElement && document.activeElement.id);
}

try {
  // The focal point starts its report once; every walk below reuses it.
  const k0ctx = await browser.newContext();
  const k0 = await signIn(k0ctx, 'kenya');
  await Promise.all([k0.waitForURL('**/edit'), k0.locator('form[action="/reports/start"] button').first().click()]);
  const rpath = new URL(k0.url()).pathname.replace(/\/edit$/, '');
  await k0ctx.close();

  // Without JavaScript, autofocus alone puts the focus on the summary.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const kn = await signIn(nojs, 'kenya');
  const focusNoJs = await badSave(kn, rpath);
  say(focusNoJs === 'error-summary', `no JavaScript: after a bad save the focus is on the error summary (${focusNoJs})`);
  await nojs.close();

  // One signed-in session per role; each walk sets the window's width and the language cookie.
  const sessions = {};
  for (const who of ['unoda', 'admin', 'kenya']) sessions[who] = await signIn(await browser.newContext(), who);
  for (const [width, lang] of [[375, 'en'], [375, 'ar'], [1280, 'en'], [1280, 'ar']]) {
    const tag = `${width}-${lang}`;
    for (const p of Object.values(sessions)) {
      await p.setViewportSize({ width, height: 800 });
      await p.context().addCookies([{ name: 'poaiss_lang', value: lang, url: srv.base }]);
    }
    const { unoda: s, admin: a, kenya: k } = sessions;
    await look(s, tag, '/desk', { dates: true });
    const waiting = await s.locator('#cap-waiting-list').count() ? s.locator('table a[href*="/reports/"]').first() : null;
    const rid = waiting ? (await waiting.getAttribute('href')).match(/reports\/(\d+)/)[1] : null;
    say(!!rid, `${tag} the desk lists a submitted report`);
    if (rid) {
      // The working view where the Secretariat reviews it: its table answers scroll in named regions.
      if (width < 1000) await look(s, tag, `/reports/${rid}?view=working`);
      await look(s, tag, `/reports/${rid}/publish`);
      await look(s, tag, `/reports/${rid}/return`);
    }
    await look(s, tag, '/cycles', { dates: true });
    await look(s, tag, '/cycles/new');
    await s.locator('form[action="/cycles/new"] button[type=submit]').first().click();
    await s.waitForLoadState('load');
    const cycFocus = await s.evaluate(() => document.activeElement && document.activeElement.id);
    say(cycFocus === 'error-summary', `${tag} /cycles/new with errors: the focus is on the error summary (${cycFocus})`);
    await look(s, tag + '-errors', null);

    await look(a, tag, '/admin/users', { dates: true });
    await look(a, tag, '/admin/users/2/disable');
    await look(a, tag, '/account/password');
    await a.locator('#current').fill('x');
    await a.locator('#password').fill('password1234');
    await a.locator('#confirm').fill('other');
    await a.locator('form.stack button[type=submit]').click();
    await a.waitForLoadState('load');
    const pwErrs = await a.locator('#error-summary li a').count();
    say(pwErrs === 1, `${tag} password page: ${pwErrs} error(s) in the summary, expected 1 (too common; the rest is checked after it)`);
    const pwFocus = await a.evaluate(() => document.activeElement && document.activeElement.id);
    say(pwFocus === 'error-summary', `${tag} password with errors: the focus is on the error summary (${pwFocus})`);
    await look(a, tag + '-errors', null);

    await look(k, tag, '/account', { dates: true });
    const focus = await badSave(k, rpath);
    say(focus === 'error-summary', `${tag} report form after a bad save: the focus is on the error summary (${focus})`);
    // Its link reaches the field, with the focus in it.
    await k.locator('#error-summary a').first().click();
    const inField = await k.evaluate(() => document.activeElement && document.activeElement.name);
    say(inField === 'v:coord.body.members:men', `${tag} the summary's link puts the focus in the field (${inField})`);
    await look(k, tag + '-errors', null);
    await look(k, tag, rpath + '/check');
    const checkFocus = await k.evaluate(() => document.activeElement && document.activeElement.id);
    say(checkFocus === 'error-summary', `${tag} check page: the focus is on the error summary (${checkFocus})`);
  }
} finally {
  await browser.close();
  await srv.stop();
}
console.log(failures ? `${failures} walk check(s) failed` : 'the walk passed');
clearTimeout(watchdog);
process.exit(failures ? 1 : 0);
