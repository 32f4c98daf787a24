// Accounts through the pages: sign-in with CSRF, cookies, throttling, sign-out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

test('sign in: session cookie is HttpOnly and SameSite=Lax; the account page knows us', async () => {
  const { res, session, cookie } = await login(srv.base, 'kenya', 'kenya-demo-2026');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/account');
  assert.match(session, /HttpOnly/);
  assert.match(session, /SameSite=Lax/);
  assert.doesNotMatch(session, /Secure/);
  const page = await (await fetch(srv.base + '/account', { headers: { Cookie: cookie } })).text();
  assert.match(page, /Demo focal point, Kenya/);
  assert.match(page, /KEN/);
  const me = await (await fetch(srv.base + '/api/v1/me', { headers: { Cookie: cookie } })).json();
  assert.equal(me.via, 'session');
});

test('a form without the CSRF token is refused', async () => {
  const r = await fetch(srv.base + '/login', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'username=kenya&password=kenya-demo-2026',
  });
  assert.equal(r.status, 403);
  const r2 = await fetch(srv.base + '/login', {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'poaiss_csrf=' + 'a'.repeat(43) },
    body: 'csrf=' + 'b'.repeat(43) + '&username=kenya&password=kenya-demo-2026',
  });
  assert.equal(r2.status, 403);
});

test('a session cookie cannot write through the API without the CSRF header', async () => {
  const { cookie } = await login(srv.base, 'admin', 'admin-demo-2026');
  const r = await fetch(srv.base + '/api/v1/users', {
    method: 'POST', headers: { Cookie: cookie, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'csrfvictim', role: 'admin', password: 'long enough password' }),
  });
  assert.equal(r.status, 403);
});

test('wrong password: 401 with the form again; the username is kept, the password is not', async () => {
  const { res } = await login(srv.base, 'france', 'wrong password here');
  assert.equal(res.status, 401);
  const html = await res.text();
  assert.match(html, /value="france"/);
  assert.match(html, /error-summary/);
  assert.doesNotMatch(html, /wrong password here/);
});

test('open redirects are refused after sign-in', async () => {
  const form = await fetch(srv.base + '/login');
  const html = await form.text();
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  const cookie = form.headers.getSetCookie().map(c => c.split(';')[0]).join('; ');
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const r = await fetch(srv.base + '/login', {
      method: 'POST', redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ csrf, username: 'peru', password: 'peru-demo-2026', next }),
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/account', next);
  }
});

test('throttling: the sixth failure in a row on one account gets 429, even with the right password', async () => {
  for (let i = 0; i < 5; i++) assert.equal((await login(srv.base, 'donor', 'not the password ' + i)).res.status, 401);
  const { res } = await login(srv.base, 'donor', 'donor-demo-2026');
  assert.equal(res.status, 429);
  assert.ok(res.headers.get('retry-after'));
});

test('pages for accounts redirect the public to sign in; sign out ends the session', async () => {
  const r = await fetch(srv.base + '/account', { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?next=%2Faccount');
  const { cookie } = await login(srv.base, 'unoda', 'unoda-demo-2026');
  const page = await (await fetch(srv.base + '/', { headers: { Cookie: cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  const out = await fetch(srv.base + '/logout', {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'csrf=' + csrf,
  });
  assert.equal(out.status, 303);
  const after_ = await fetch(srv.base + '/account', { headers: { Cookie: cookie }, redirect: 'manual' });
  assert.equal(after_.status, 303);
});
