// Notifications: a partner's interest puts a message in Kenya's focal points' outbox, the State's
// answer in the partner's; each account reads its own only (API and page), marks them read; the
// unread count in the navigation never reaches a cached public page; the language of messages;
// `serve --sendmail` with tests/fake_sendmail.sh e-mails them; `poaiss notify-sweep`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cli, login, startServer } from './helpers.mjs';

let srv, tokens = {};
const A = '/api/v1/assistance';
before(async () => {
  srv = await startServer({ extraArgs: ['--sweep-seconds', '0'] });
  cli(['user', 'add', '--db', srv.db, '--username', 'ngo', '--role', 'partner', '--org', 'Small Arms NGO'], 'Amber tortoise violin 9\n');
  for (const u of ['unoda', 'kenya', 'france', 'donor', 'ngo']) tokens[u] = srv.token(u);
});
after(async () => { if (srv) await srv.stop(); });

const auth = u => (u ? { Authorization: 'Bearer ' + tokens[u] } : {});
const get = (path, u, headers = {}) => fetch(srv.base + path, { headers: { ...auth(u), ...headers } });
const send = (method, path, u, body, type = 'application/json') => fetch(srv.base + path, {
  method, headers: { ...auth(u), 'Content-Type': type },
  body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
});
const json = async r => { const t = await r.text(); try { return JSON.parse(t); } catch { throw new Error(`${r.status}: ${t}`); } };
const notes = async (u, q = '') => json(await get('/api/v1/notifications' + q, u));

// A Kenyan open request the partners may mark.
async function kenyanRequest() {
  const list = await json(await get(A + '/requests?state=KEN&status=open'));
  assert.ok(list.requests.length > 0, 'the demo has an open Kenyan request');
  return list.requests[0];
}

test('the demo: Kenya is told of the partners interested, the donor of the States\' answers', async () => {
  const k = await notes('kenya');
  const marked = k.notifications.filter(n => n.kind === 'interest_marked');
  assert.ok(marked.length >= 2, JSON.stringify(k));
  assert.ok(marked.every(n => n.synthetic && n.unread && n.object.startsWith('/assistance/requests/')));
  assert.ok(marked.some(n => n.subject.startsWith('Demo donor agency is interested in')));
  const d = await notes('donor');
  assert.ok(d.notifications.some(n => n.kind === 'interest_answered' && / Accepted$/.test(n.subject)));
  assert.ok(d.notifications.some(n => n.kind === 'interest_answered' && / Declined$/.test(n.subject)));
  assert.equal((await notes('france')).total, 0);
});

test('a partner marks interest: a message for Kenya\'s focal points, no one else', async () => {
  const q = await kenyanRequest();
  const before = { kenya: (await notes('kenya')).total, france: (await notes('france')).total, ngo: (await notes('ngo')).total };
  const r = await send('POST', `${A}/requests/${q.id}/interest`, 'ngo', { note: 'We can train <armourers>.' });
  assert.equal(r.status, 200, await r.text());
  const k = await notes('kenya');
  assert.equal(k.total, before.kenya + 1);
  const n = k.notifications[0];   // newest first
  assert.equal(n.kind, 'interest_marked');
  assert.equal(n.object, `/assistance/requests/${q.id}`);
  assert.equal(n.subject, `Small Arms NGO is interested in “${q.title}”`);
  assert.match(n.body, /We can train <armourers>\./);
  assert.equal(n.unread, true);
  assert.equal(n.read_at, null);
  for (const f of ['id', 'kind', 'object', 'subject', 'body', 'created_at', 'read_at', 'unread', 'synthetic']) assert.ok(f in n, f);
  assert.equal((await notes('france')).total, before.france);
  assert.equal((await notes('ngo')).total, before.ngo);
  // The State answers: the partner's accounts are told, in the asker's language.
  const code = (await json(await get(`${A}/requests/${q.id}`, 'kenya'))).interested.find(i => i.partner_name === 'Small Arms NGO').partner;
  assert.equal((await send('POST', `${A}/requests/${q.id}/interest/${code}/decline`, 'kenya')).status, 200);
  const ngo = await notes('ngo', '?lang=fr');
  assert.equal(ngo.lang, 'fr');
  assert.equal(ngo.notifications[0].kind, 'interest_answered');
  assert.match(ngo.notifications[0].body, /Refusée|Déclinée|Refusé/, ngo.notifications[0].body);
});

test('own only; unread filter; paging; marking read by ids and all', async () => {
  const k = await notes('kenya');
  assert.ok(k.unread > 0 && k.per_page === 50 && k.page === 1);
  assert.equal((await notes('kenya', '?unread=1')).total, k.unread);
  // Another account's ids are ignored.
  const theirs = k.notifications[0].id;
  let r = await json(await send('POST', '/api/v1/notifications/read', 'donor', { ids: [theirs] }));
  assert.equal(r.marked, 0);
  assert.ok(!(await notes('donor')).notifications.some(n => n.id === theirs));
  r = await json(await send('POST', '/api/v1/notifications/read', 'kenya', { ids: [theirs] }));
  assert.deepEqual(r, { marked: 1, unread: k.unread - 1 });
  const after1 = await notes('kenya');
  assert.equal(after1.notifications.find(n => n.id === theirs).unread, false);
  assert.ok(after1.notifications.find(n => n.id === theirs).read_at);
  assert.equal((await notes('kenya', '?unread=1')).total, k.unread - 1);
  // Refused bodies: 422 with the field, 415, 400; the public: 401.
  for (const body of [{}, { all: false }, { ids: [1], all: true }, { ids: 'x' }, { ids: [0] }, { ids: ['1'] }, { every: true },
    { all: 'yes' }, { ids: Array.from({ length: 1001 }, (_, i) => i + 1) }]) {
    const bad = await send('POST', '/api/v1/notifications/read', 'kenya', body);
    assert.equal(bad.status, 422, JSON.stringify(body));
    const e = await json(bad);
    assert.equal(e.error.errors.length, 1);
    assert.ok(e.error.errors[0].field && e.error.errors[0].message);
  }
  assert.equal((await send('POST', '/api/v1/notifications/read', 'kenya', 'ids=1', 'application/x-www-form-urlencoded')).status, 415);
  assert.equal((await send('POST', '/api/v1/notifications/read', 'kenya', '[1]')).status, 400);
  assert.equal((await get('/api/v1/notifications')).status, 401);
  assert.equal((await send('POST', '/api/v1/notifications/read', null, { all: true })).status, 401);
  for (const q of ['?page=0', '?page=x', '?unread=2']) assert.equal((await get('/api/v1/notifications' + q, 'kenya')).status, 400, q);
  assert.equal((await notes('kenya', '?page=99')).notifications.length, 0);
  r = await json(await send('POST', '/api/v1/notifications/read', 'kenya', { all: true }));
  assert.equal(r.marked, k.unread - 1);
  assert.equal(r.unread, 0);
  assert.equal((await notes('kenya')).unread, 0);
  assert.ok((await notes('donor')).unread > 0);   // the donor's stay unread
  assert.equal((await get('/api/v1/notifications', 'kenya')).headers.get('cache-control'), 'private, no-store');
});

test('pages: the list, the count in the navigation, never in a cached public page; mark all as read', async () => {
  const q = await kenyanRequest();
  await send('POST', `${A}/requests/${q.id}/interest`, 'donor', { note: 'Again, for the page test.' });
  const unread = (await notes('kenya')).unread;
  assert.ok(unread > 0);
  const s = await login(srv.base, 'kenya', 'kenya-demo-2026');
  assert.ok(s.cookie);
  const page = async (path, cookie) => (await fetch(srv.base + path, { headers: cookie ? { Cookie: cookie } : {} })).text();
  // A public page, cached, then seen signed in and again in public: the count only for the signed-in.
  const pub1 = await page('/states/KEN');
  const mine = await page('/states/KEN', s.cookie);
  const pub2 = await page('/states/KEN');
  assert.match(mine, new RegExp(`href="/account/notifications">Notifications <strong class="unread">${unread}<`));
  for (const p of [pub1, pub2]) {
    assert.doesNotMatch(p, /account\/notifications/);
    assert.doesNotMatch(p, /class="unread"/);
  }
  const acc = await page('/account', s.cookie);
  assert.match(acc, /Unread notifications: /);
  assert.match(acc, /Language of messages/);
  const list = await page('/account/notifications', s.cookie);
  assert.match(list, /<h1>Notifications<\/h1>/);
  assert.match(list, /Demo donor agency is interested in/);
  assert.match(list, new RegExp(`<a href="/assistance/requests/${q.id}">`));
  assert.match(list, /Again, for the page test\./);
  assert.match(list, /tag-unread/);
  assert.match(list, /synthetic/);   // the demo's own messages say so
  // Mark all as read: the form, its CSRF token, the redirect.
  const csrf = list.match(/action="\/account\/notifications\/read"><input type="hidden" name="csrf" value="([^"]+)"/)[1];
  const post = (path, body, cookie = s.cookie) => fetch(srv.base + path, {
    method: 'POST', redirect: 'manual', headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body),
  });
  assert.equal((await post('/account/notifications/read', { csrf: 'wrong' })).status, 403);
  const done = await post('/account/notifications/read', { csrf });
  assert.equal(done.status, 303);
  assert.equal(done.headers.get('location'), '/account/notifications?done=read');
  const after1 = await page('/account/notifications?done=read', s.cookie);
  assert.match(after1, /Every notification is marked as read/);
  assert.doesNotMatch(after1, /tag-unread/);
  assert.doesNotMatch(await page('/states/KEN', s.cookie), /class="unread"/);
  // The language of messages: set at sign-in from the page's language, then chosen on /account.
  assert.match(acc, /<option value="en" lang="en" selected>/);
  assert.equal((await post('/account/language', { csrf, lang: 'fr' })).headers.get('location'), '/account?done=lang#notifications');
  const acc2 = await page('/account?done=lang', s.cookie);
  assert.match(acc2, /<option value="fr" lang="fr" selected>/);
  assert.match(acc2, /The language of your messages is saved/);
  assert.equal((await post('/account/language', { csrf, lang: 'de' })).status, 422);
  assert.equal((await post('/account/language', { csrf })).status, 422);
  assert.equal((await fetch(srv.base + '/account/notifications', { redirect: 'manual' })).status, 303);
  assert.equal((await fetch(srv.base + '/account/notifications?page=0', { headers: { Cookie: s.cookie } })).status, 400);
});

test('a new account takes its language of messages from the page it signs in on', async () => {
  cli(['user', 'add', '--db', srv.db, '--username', 'peru2', '--role', 'focal_point', '--state', 'PER'], 'Amber tortoise violin 9\n');
  const form = await fetch(srv.base + '/login?lang=es');
  const html = await form.text();
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  const cookie = (form.headers.getSetCookie?.() || []).map(c => c.split(';')[0]).join('; ');
  const res = await fetch(srv.base + '/login', {
    method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf, username: 'peru2', password: 'Amber tortoise violin 9', next: '/account' }),
  });
  const session = res.headers.getSetCookie().find(c => c.startsWith('poaiss_session=')).split(';')[0];
  const acc = await (await fetch(srv.base + '/account?lang=en', { headers: { Cookie: session } })).text();
  assert.match(acc, /<option value="es" lang="es" selected>/);
});

test('notify-sweep: the command line sweeps once', async () => {
  const out = cli(['notify-sweep', '--db', srv.db]);
  assert.match(out, /^\d+ notifications? added\n$/);
  assert.match(cli(['notify-sweep', '--help']), /usage: poaiss notify-sweep/);
});

test('serve --sendmail: a message to an account with an address is e-mailed once, in its language', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'poaiss-mail-'));
  process.env.FAKE_SENDMAIL_DIR = dir;
  const mail = await startServer({ extraArgs: ['--sendmail', resolve('tests/fake_sendmail.sh'), '--mail-from', 'poaiss@example.org',
    '--base-url', 'https://poaiss.example.org/', '--sweep-seconds', '0'] });
  try {
    cli(['user', 'add', '--db', mail.db, '--username', 'kenya_mail', '--role', 'focal_point', '--state', 'KEN',
      '--name', 'Wanjiru\nBcc: x@example.org', '--email', 'wanjiru@kenya.example.org'], 'Amber tortoise violin 9\n');
    const donor = mail.token('donor');
    const list = await json(await fetch(mail.base + A + '/requests?state=KEN&status=open'));
    const q = list.requests[0];
    const r = await fetch(`${mail.base}${A}/requests/${q.id}/interest`, {
      method: 'POST', headers: { Authorization: 'Bearer ' + donor, 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: 'Sent by e-mail.' }),
    });
    assert.equal(r.status, 200);
    const t0 = Date.now();
    let files = [];
    for (let i = 0; i < 100 && !files.includes('mail.1'); i++) {
      await new Promise(res => setTimeout(res, 100));
      files = readdirSync(dir);
    }
    assert.ok(files.includes('mail.1'), 'no e-mail: ' + mail.stderr());
    assert.ok(Date.now() - t0 < 5000, `e-mailed after ${Date.now() - t0} ms`);   // the worker polls every 2 s
    await new Promise(res => setTimeout(res, 2500));   // another poll: nothing more is sent
    assert.deepEqual(readdirSync(dir).filter(f => /^mail\.\d+$/.test(f)), ['mail.1']);   // kenya has no address: only kenya_mail
    const text = readFileSync(join(dir, 'mail.1'), 'utf8');
    assert.equal(readFileSync(join(dir, 'mail.1.args'), 'utf8'), '-t -oi\n');
    const head = text.slice(0, text.indexOf('\n\n')), body = text.slice(text.indexOf('\n\n') + 2);
    assert.match(head, /^From: poaiss@example.org$/m);
    assert.match(head, /<wanjiru@kenya\.example\.org>$/m);
    assert.match(head, /^Subject: =\?UTF-8\?B\?/m);
    assert.match(head, /^Message-ID: <poaiss\.notification\.\d+@example\.org>$/m);
    assert.match(head, /^Content-Type: text\/plain; charset=UTF-8$/m);
    assert.doesNotMatch(head, /Bcc/);
    const subject = head.match(/^Subject: ((?:.*\n?)(?: .*\n?)*)/m)[1].split(/\s+/).filter(Boolean)
      .map(w => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('');
    assert.equal(subject, `Demo donor agency is interested in “${q.title}”`);
    const decoded = body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    assert.match(decoded, new RegExp(`https://poaiss\\.example\\.org/assistance/requests/${q.id}`));
    assert.match(decoded, /Sent by e-mail\./);
  } finally {
    const st = await mail.stop();
    assert.equal(st.code, 0, st.stderr);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve refuses a bad mail configuration', () => {
  for (const args of [['--sendmail', '/nonexistent/sendmail'], ['--sendmail', resolve('tests/fake_sendmail.sh'), '--mail-from', 'a b'],
    ['--sendmail', resolve('tests/fake_sendmail.sh'), '--base-url', 'ftp://x'], ['--sweep-seconds', '-1'], ['--sweep-seconds', 'x']]) {
    assert.throws(() => cli(['serve', '--db', srv.db, '--listen', '127.0.0.1:0', ...args]), e => e.status === 2, args.join(' '));
  }
});
