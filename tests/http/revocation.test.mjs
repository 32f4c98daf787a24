// Taking access back (issue 9, the hostile findings): tokens listed and revoked (API and
// command line), accounts disabled and enabled (command line, API, the admin page), sessions
// ended by an admin, passwords changed by their owner (which ends the owner's other sessions),
// the password rules, and every one of these in the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, cli } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const bearer = tok => ({ Authorization: 'Bearer ' + tok });
const api = async (method, path, headers = {}, body) => {
  const h = { ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(srv.base + '/api/v1' + path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, headers: r.headers, json: text ? JSON.parse(text) : null, text };
};
const page = (path, cookie, init = {}) => fetch(srv.base + path, { redirect: 'manual', ...init, headers: { ...(init.headers || {}), Cookie: cookie } });
const csrfOf = html => html.match(/name="csrf" value="([^"]+)"/)[1];
const postForm = async (path, cookie, fields) => {
  const html = await (await page('/account', cookie)).text();
  return page(path, cookie, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfOf(html), ...fields }) });
};
const signedIn = async cookie => (await page('/account', cookie)).status === 200;
const auditActions = async () => (await api('GET', '/audit?limit=1000', bearer(srv.token('admin')))).json.entries.map(e => e.action);

test('tokens: each lists its own (admins all), never a secret; DELETE revokes at once; another\'s is a 404', async () => {
  const a = srv.token('kenya'), b = srv.token('kenya'), f = srv.token('france'), admin = srv.token('admin');
  let r = await api('GET', '/tokens', bearer(a));
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /no-store/);
  assert.ok(r.json.tokens.length >= 2 && r.json.tokens.every(x => x.username === 'kenya'));
  assert.doesNotMatch(r.text, /poa_/);
  const ids = r.json.tokens.map(x => x.id);
  const bid = Math.max(...ids);   // newest: b
  assert.equal(r.json.tokens.find(x => x.id === bid).active, true);
  // France cannot see or revoke Kenya's.
  r = await api('GET', '/tokens', bearer(f));
  assert.ok(r.json.tokens.every(x => x.username === 'france'));
  assert.equal((await api('GET', '/tokens?user=kenya', bearer(f))).status, 403);
  assert.equal((await api('DELETE', '/tokens/' + bid, bearer(f))).status, 404);
  assert.equal((await api('GET', '/me', bearer(b))).json.username, 'kenya');
  // Kenya revokes b with a: b stops working, a goes on; revoking again is harmless.
  r = await api('DELETE', '/tokens/' + bid, bearer(a));
  assert.equal(r.status, 204);
  assert.equal((await api('GET', '/me', bearer(b))).status, 401);
  assert.equal((await api('GET', '/tokens', bearer(a))).json.tokens.find(x => x.id === bid).active, false);
  assert.ok((await api('GET', '/tokens', bearer(a))).json.tokens.find(x => x.id === bid).revoked_at > 0);
  assert.equal((await api('DELETE', '/tokens/' + bid, bearer(a))).status, 204);
  assert.equal((await api('DELETE', '/tokens/abc', bearer(a))).status, 400);
  assert.equal((await api('DELETE', '/tokens/99999', bearer(a))).status, 404);
  assert.equal((await api('DELETE', '/tokens/1', {})).status, 401);
  // An admin lists everyone's and revokes France's.
  r = await api('GET', '/tokens', bearer(admin));
  assert.ok(new Set(r.json.tokens.map(x => x.username)).size >= 3);
  const fid = (await api('GET', '/tokens?user=FRANCE', bearer(admin))).json.tokens[0].id;
  assert.equal((await api('DELETE', '/tokens/' + fid, bearer(admin))).status, 204);
  assert.equal((await api('GET', '/me', bearer(f))).status, 401);
  assert.ok((await auditActions()).includes('token.revoke'));
});

test('the command line: token list and token revoke', async () => {
  const tok = srv.token('peru');
  const list = cli(['token', 'list', '--db', srv.db, '--username', 'PERU']);
  assert.match(list, /^id\tusername\tlabel\tcreated\texpires\trevoked$/m);
  assert.doesNotMatch(list, /poa_/);
  const row = list.trim().split('\n').slice(1).map(l => l.split('\t')).find(c => c[1] === 'peru');
  assert.ok(row);
  assert.equal(row[5], '-');
  assert.equal((await api('GET', '/me', bearer(tok))).status, 200);
  assert.match(cli(['token', 'revoke', '--db', srv.db, '--id', row[0]]), /revoked/);
  assert.equal((await api('GET', '/me', bearer(tok))).status, 401);
  const again = cli(['token', 'list', '--db', srv.db, '--username', 'peru']).split('\n').find(l => l.startsWith(row[0] + '\t'));
  assert.match(again.split('\t')[5], /^\d{4}-\d\d-\d\dT/);
  assert.throws(() => cli(['token', 'revoke', '--db', srv.db, '--id', '99999']), /no token/);
  assert.throws(() => cli(['token', 'revoke', '--db', srv.db, '--id', 'x']));
});

test('a disabled account cannot sign in and its session and tokens stop at once; enabled, it signs in again', async () => {
  const { cookie } = await login(srv.base, 'kenya', 'kenya-demo-2026');
  const tok = srv.token('kenya');
  assert.ok(await signedIn(cookie));
  assert.match(cli(['user', 'disable', '--db', srv.db, '--username', 'KENYA']), /kenya? is disabled/i);
  assert.equal(await signedIn(cookie), false);
  assert.equal((await api('GET', '/me', bearer(tok))).status, 401);
  assert.equal((await login(srv.base, 'kenya', 'kenya-demo-2026')).res.status, 401);
  assert.match(cli(['user', 'enable', '--db', srv.db, '--username', 'kenya']), /enabled/);
  const again = await login(srv.base, 'kenya', 'kenya-demo-2026');
  assert.equal(again.res.status, 303);
  assert.equal((await api('GET', '/me', bearer(tok))).status, 200);   // not revoked: it works again
  assert.equal(await signedIn(cookie), false);                          // the old session stays ended
  const actions = await auditActions();
  assert.ok(actions.includes('user.disable') && actions.includes('user.enable'));
  assert.throws(() => cli(['user', 'disable', '--db', srv.db, '--username', 'nobody']), /no account/);
});

test('the admin page: accounts listed; disable, enable and end sessions, each confirmed first', async () => {
  const admin = (await login(srv.base, 'admin', 'admin-demo-2026')).cookie;
  const f1 = (await login(srv.base, 'france', 'france-demo-2026')).cookie;
  const f2 = (await login(srv.base, 'france', 'france-demo-2026')).cookie;
  const users = (await api('GET', '/users', bearer(srv.token('admin')))).json.users;
  const fr = users.find(u => u.username === 'france');
  assert.ok(fr.sessions >= 2 && fr.disabled === false && fr.state === 'FRA');
  // Only admins.
  assert.equal((await page('/admin/users', f1)).status, 403);
  assert.equal((await page('/admin/users', '')).status, 303);
  assert.equal((await api('GET', '/users', bearer(srv.token('unoda')))).status, 403);
  let r = await page('/admin/users', admin);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /no-store/);
  let html = await r.text();
  assert.match(html, /<caption[^>]*>Accounts<\/caption>/);
  assert.match(html, new RegExp(`href="/admin/users/${fr.id}/disable"`));
  assert.match(html, new RegExp(`href="/admin/users/${fr.id}/end-sessions"`));
  assert.match(html, /National point of contact/);
  assert.match(html, /<a href="\/states\/KEN">Kenya<\/a>/, 'a State by its name, not its code');
  assert.match(html, /<td>Demo donor agency<\/td>/, 'an organisation by the name the account was given');
  // The confirmation page changes nothing.
  r = await page(`/admin/users/${fr.id}/end-sessions`, admin);
  html = await r.text();
  assert.equal(r.status, 200);
  assert.match(html, /<h1>End this account&#39;s sessions\?<\/h1>|<h1>End this account's sessions\?<\/h1>/);
  assert.match(html, /<button type="submit" class="warning">End sessions<\/button>/);
  assert.match(html, /href="\/admin\/users">Cancel</);
  assert.ok(await signedIn(f1));
  // Without the form's CSRF token: refused.
  r = await page(`/admin/users/${fr.id}/end-sessions`, admin, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(r.status, 403);
  r = await postForm(`/admin/users/${fr.id}/end-sessions`, admin, {});
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), `/admin/users?done=end-sessions&id=${fr.id}`);
  assert.equal(await signedIn(f1), false);
  assert.equal(await signedIn(f2), false);
  html = await (await page(r.headers.get('location'), admin)).text();
  assert.match(html, /class="banner success" role="status"/);
  assert.match(html, /Every session of france has ended/);
  // Disable, then enable.
  const f3 = (await login(srv.base, 'france', 'france-demo-2026')).cookie;
  html = await (await page(`/admin/users/${fr.id}/disable`, admin)).text();
  assert.match(html, /Disable this account\?/);
  assert.match(html, /<button type="submit" class="warning">Disable account<\/button>/);
  r = await postForm(`/admin/users/${fr.id}/disable`, admin, {});
  assert.equal(r.status, 303);
  assert.equal(await signedIn(f3), false);
  assert.equal((await login(srv.base, 'france', 'france-demo-2026')).res.status, 401);
  html = await (await page('/admin/users', admin)).text();
  assert.match(html, new RegExp(`href="/admin/users/${fr.id}/enable"`));
  r = await postForm(`/admin/users/${fr.id}/enable`, admin, {});
  assert.equal(r.status, 303);
  assert.equal((await login(srv.base, 'france', 'france-demo-2026')).res.status, 303);
  // An admin cannot disable their own account; unknown accounts and actions are 404.
  const me = users.find(u => u.username === 'admin');
  assert.doesNotMatch(html, new RegExp(`href="/admin/users/${me.id}/disable"`));
  assert.equal((await postForm(`/admin/users/${me.id}/disable`, admin, {})).status, 409);
  assert.equal((await page('/admin/users/99999/disable', admin)).status, 404);
  assert.equal((await page(`/admin/users/${fr.id}/delete`, admin)).status, 404);
  const actions = await auditActions();
  assert.ok(actions.includes('user.sessions_end') && actions.includes('user.disable') && actions.includes('user.enable'));
});

test('the API for admins: disable, enable, end sessions; others get 403', async () => {
  const admin = bearer(srv.token('admin'));
  const users = (await api('GET', '/users', admin)).json.users;
  const donor = users.find(u => u.username === 'donor');
  const s = (await login(srv.base, 'donor', 'donor-demo-2026')).cookie;
  assert.equal((await api('POST', `/users/${donor.id}/disable`, bearer(srv.token('unoda')))).status, 403);
  let r = await api('POST', `/users/${donor.id}/sessions/end`, admin);
  assert.equal(r.status, 200);
  assert.equal(r.json.sessions_ended, 1);
  assert.equal(await signedIn(s), false);
  const tok = srv.token('donor');
  r = await api('POST', `/users/${donor.id}/disable`, admin);
  assert.deepEqual(r.json, { id: donor.id, disabled: true });
  assert.equal((await api('GET', '/me', bearer(tok))).status, 401);
  assert.equal((await api('POST', `/users/${donor.id}/enable`, admin)).status, 200);
  assert.equal((await api('GET', '/me', bearer(tok))).status, 200);
  const me = users.find(u => u.username === 'admin');
  assert.equal((await api('POST', `/users/${me.id}/disable`, admin)).status, 409);
  assert.equal((await api('POST', '/users/99999/disable', admin)).status, 404);
  assert.ok([404, 405].includes((await api('POST', `/users/${donor.id}/sessions`, admin)).status));
});

test('the password page: every problem at once with links to the fields; a change ends the other sessions only', async () => {
  const a = (await login(srv.base, 'peru', 'peru-demo-2026')).cookie;
  const b = (await login(srv.base, 'peru', 'peru-demo-2026')).cookie;
  let r = await page('/account/password', a);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /no-store/);
  let html = await r.text();
  assert.match(html, /<label for="current">Current password<\/label>/);
  assert.match(html, /<label for="password">New password<\/label>/);
  assert.match(html, /<label for="confirm">Confirm the new password<\/label>/);
  assert.match(html, /aria-describedby="password-hint"/);
  assert.match((await (await page('/account', a)).text()), /href="\/account\/password"/);
  // Nothing right: three errors, each linked to its field and tied to it.
  r = await postForm('/account/password', a, { current: '', password: 'password1234', confirm: 'other' });
  assert.equal(r.status, 422);
  html = await r.text();
  assert.match(html, /<title>Error: Change your password/);
  assert.match(html, /class="error-summary"/);
  assert.match(html, /href="#current">Enter your current password/);
  assert.match(html, /href="#password">This password is too common/);
  assert.match(html, /aria-describedby="password-hint password-error" aria-invalid="true"/);
  // Mismatch only.
  r = await postForm('/account/password', a, { current: 'peru-demo-2026', password: 'Amber tortoise violin 42', confirm: 'Amber tortoise violin 43' });
  html = await r.text();
  assert.equal(r.status, 422);
  assert.match(html, /href="#confirm">The two new passwords are not the same/);
  // Wrong current password.
  r = await postForm('/account/password', a, { current: 'not it at all', password: 'Amber tortoise violin 42', confirm: 'Amber tortoise violin 42' });
  assert.equal(r.status, 403);
  assert.match(await r.text(), /href="#current">The current password is wrong/);
  // Right: this session stays, the other ends; the old password no longer works.
  r = await postForm('/account/password', a, { current: 'peru-demo-2026', password: 'Amber tortoise violin 42', confirm: 'Amber tortoise violin 42' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/account/password?done=1');
  assert.match(await (await page('/account/password?done=1', a)).text(), /Your password is changed/);
  assert.ok(await signedIn(a));
  assert.equal(await signedIn(b), false);
  assert.equal((await login(srv.base, 'peru', 'peru-demo-2026')).res.status, 401);
  assert.equal((await login(srv.base, 'peru', 'Amber tortoise violin 42')).res.status, 303);
  assert.ok((await auditActions()).includes('user.password'));
});

test('the password API and the rules: characters not bytes, not the username, not common', async () => {
  const tok = srv.token('unoda');
  const s = (await login(srv.base, 'unoda', 'unoda-demo-2026')).cookie;
  const change = (password, current = 'unoda-demo-2026') => api('POST', '/me/password', bearer(tok), { current, password });
  for (const [pw, why] of [['😀😀😀', /12 characters/], ['😀😀😀😀😀😀😀😀😀😀😀', /12 characters/], ['unoda', /12 characters/],
    ['UNODA2026!!!', /username/], ['password1234', /too common/], ['123456789012', /too common/], ['qwertyuiopas', /too common/],
    ['poaiss123456', /too common|site/], ['x'.repeat(1025), /1024/]]) {
    const r = await change(pw);
    assert.equal(r.status, 422, pw);
    assert.match(r.json.error.message, why, pw);
  }
  assert.equal((await change('Amber tortoise violin 7', 'wrong')).status, 403);
  assert.equal((await api('POST', '/me/password', bearer(tok), { password: 'x' })).status, 422);
  assert.equal((await api('POST', '/me/password', {}, { current: 'a', password: 'b' })).status, 401);
  // Twelve emoji are twelve characters: accepted.  A token-authenticated change ends every session.
  const r = await change('😀😀😀😀😀😀😀😀😀😀😀😀');
  assert.equal(r.status, 204);
  assert.equal(await signedIn(s), false);
  assert.equal((await api('GET', '/me', bearer(tok))).status, 200);   // tokens are revoked separately
  assert.equal((await login(srv.base, 'unoda', '😀😀😀😀😀😀😀😀😀😀😀😀')).res.status, 303);
  // The same rules at account creation, through the API and the command line.
  const admin = bearer(srv.token('admin'));
  let u = await api('POST', '/users', admin, { username: 'newbie', role: 'secretariat', password: 'Newbie2026!!' });
  assert.equal(u.status, 422);
  assert.match(u.json.error.message, /username/);
  u = await api('POST', '/users', admin, { username: 'newbie', role: 'secretariat', password: 'newbie' });
  assert.equal(u.status, 422);
  assert.throws(() => cli(['user', 'add', '--db', srv.db, '--username', 'newbie2', '--role', 'secretariat'], 'password1234\n'), /too common/);
  assert.match(cli(['user', 'add', '--db', srv.db, '--username', 'newbie2', '--role', 'secretariat'], 'Amber tortoise violin 9\n'), /added user/);
});
