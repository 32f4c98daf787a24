// What the server refuses before it reads a body, on raw sockets: ambiguous framing (400), chunked
// bodies (411), oversized bodies (413, before the body is sent), long targets (414), large headers (431),
// too many requests from one client (429), folded header lines and HTTP/1.1 without Host (400);
// connections that trickle their headers or their body are closed; a second server cannot take the port.  libmicrohttpd 0.9.75 alone accepts most of these (README, "HTTP limits").
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { startServer, raw, statusOf, BIN } from './helpers.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { if (srv) await srv.stop(); });

const H = 'Host: x\r\n';

function connect(base) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => resolve(s));
    s.on('error', reject);
  });
}

// Send bytes on a fresh connection; resolve with what came back and whether the server closed the connection.
function exchange(base, bytes, timeout = 4000) {
  return new Promise(async (resolve) => {
    const s = await connect(base);
    const chunks = [];
    let closed = false;
    const t = setTimeout(() => { s.destroy(); resolve({ out: Buffer.concat(chunks).toString('latin1'), closed }); }, timeout);
    s.on('data', d => chunks.push(d));
    s.on('error', () => {});
    s.on('close', () => { closed = true; clearTimeout(t); resolve({ out: Buffer.concat(chunks).toString('latin1'), closed }); });
    s.write(bytes);
  });
}

const FRAMING = [
  ['two equal Content-Lengths', 'POST /login HTTP/1.1\r\n' + H + 'Content-Length: 3\r\nContent-Length: 3\r\n\r\na=b', 400],
  ['two different Content-Lengths', 'POST /login HTTP/1.1\r\n' + H + 'Content-Length: 3\r\nContent-Length: 5\r\n\r\na=b&c', 400],
  ['a Content-Length list', 'POST /login HTTP/1.1\r\n' + H + 'Content-Length: 3, 3\r\n\r\na=b', 400],
  ['Content-Length with chunked', 'POST /login HTTP/1.1\r\n' + H + 'Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ['Transfer-Encoding gzip', 'POST /login HTTP/1.1\r\n' + H + 'Transfer-Encoding: gzip\r\n\r\nabc', 400],
  ['Transfer-Encoding chunked twice in one value', 'POST /login HTTP/1.1\r\n' + H + 'Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n', 400],
  ['two Transfer-Encoding headers', 'POST /login HTTP/1.1\r\n' + H + 'Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ['a space before the colon', 'POST /login HTTP/1.1\r\n' + H + 'Transfer-Encoding : chunked\r\nContent-Length: 3\r\n\r\na=b', 400],
  ['a tab in a header name', 'GET / HTTP/1.1\r\n' + H + 'X-A\tB: c\r\n\r\n', 400],
  ['a chunked body', 'POST /login HTTP/1.1\r\n' + H + 'Transfer-Encoding: chunked\r\n\r\n3\r\na=b\r\n0\r\n\r\n', 411],
  ['a 64 KB chunk extension', 'POST /login HTTP/1.1\r\n' + H + 'Transfer-Encoding: chunked\r\n\r\n3;' + 'x'.repeat(65536) + '\r\na=b\r\n0\r\n\r\n', 411],
  ['a 5,000-byte target', 'GET /states?q=' + 'a'.repeat(5000) + ' HTTP/1.1\r\n' + H + '\r\n', 414],
  ['a 20,000-byte target', 'GET /states?q=' + 'a'.repeat(20000) + ' HTTP/1.1\r\n' + H + '\r\n', 414],
  ['20 KB of headers', 'GET / HTTP/1.1\r\n' + H + 'X-Big: ' + 'a'.repeat(20000) + '\r\n\r\n', 431],
  ['101 header lines', 'GET / HTTP/1.1\r\n' + H + Array.from({ length: 100 }, (_, i) => `X-${i}: 1\r\n`).join('') + '\r\n', 431],
  // libmicrohttpd 0.9.75 joins a folded line into a mangled header name: "Content-Length0", and no Content-Length
  ['a folded Content-Length (obs-fold)', 'POST /login HTTP/1.1\r\n' + H + 'Content-Length: 2\r\n 0\r\n\r\n{}GET /healthz HTTP/1.1\r\n' + H + '\r\n', 400],
  ['a folded header, tab', 'GET /healthz HTTP/1.1\r\n' + H + 'X-Foo: a\r\n\tb\r\n\r\n', 400],
  ['HTTP/1.1 without Host', 'GET /healthz HTTP/1.1\r\nX-A: b\r\n\r\n', 400],
];

for (const [label, bytes, status] of FRAMING) {
  test(`${label}: ${status} and the connection closed`, async () => {
    const { out, closed } = await exchange(srv.base, bytes);
    assert.equal(statusOf(out), status, out.slice(0, 200));
    assert.match(out.split('\r\n\r\n')[0], /\r\nConnection: close/i);
    assert.ok(closed, 'the server closes the connection');
  });
}

test('a 4 KiB target of 2,000 empty arguments is answered 400 at once (libmicrohttpd kept no room to answer past 500)', async () => {
  for (const n of [300, 1000, 2040]) {
    const t0 = Date.now();
    const out = await raw(srv.base, 'GET /healthz?' + Array(n).fill('a').join('&') + ' HTTP/1.1\r\n' + H + 'Connection: close\r\n\r\n');
    assert.equal(statusOf(out), 400, `${n} arguments: ${out.slice(0, 100)}`);
    assert.ok(Date.now() - t0 < 3000, `${n} arguments answered in ${Date.now() - t0} ms`);
  }
});

test('HTTP/1.0 without Host is served', async () => {
  assert.equal(statusOf(await raw(srv.base, 'GET /healthz HTTP/1.0\r\n\r\n')), 200);
});

test('headers under 16 KiB and a 4 KiB target are served', async () => {
  assert.equal(statusOf(await raw(srv.base, 'GET /healthz HTTP/1.1\r\n' + H + 'X-Big: ' + 'a'.repeat(15000) + '\r\nConnection: close\r\n\r\n')), 200);
  assert.equal(statusOf(await raw(srv.base, 'GET /healthz?x=' + 'a'.repeat(4000) + ' HTTP/1.1\r\n' + H + 'Connection: close\r\n\r\n')), 200);
});

test('a body far over the limit, or announced with Expect: 100-continue, is refused before it is sent', async () => {
  for (const head of ['Content-Length: 100000000\r\n', 'Content-Length: 5000000\r\nExpect: 100-continue\r\n']) {
    const t0 = Date.now();
    const { out, closed } = await exchange(srv.base, 'POST /api/v1/users HTTP/1.1\r\n' + H + 'Content-Type: application/json\r\n' + head + '\r\n');
    assert.equal(statusOf(out), 413, head);
    assert.doesNotMatch(out, /100 Continue/);
    assert.ok(closed);
    assert.ok(Date.now() - t0 < 2000, 'answered at once, not at a timeout');
  }
});

test('a body a little over the limit is dropped as it comes and answered 413 at its end (a browser gets the page)', async () => {
  const r = await fetch(srv.base + '/api/v1/users', { method: 'POST', body: Buffer.alloc(3 << 20, 0x20), headers: { 'Content-Type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal((await r.json()).error.status, 413);
});

test('the API answers a refusal in JSON', async () => {
  const { out } = await exchange(srv.base, 'POST /api/v1/users HTTP/1.1\r\n' + H + 'Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}');
  assert.equal(statusOf(out), 400);
  const body = JSON.parse(out.split('\r\n\r\n')[1]);
  assert.equal(body.error.status, 400);
  assert.match(body.error.message, /Content-Length/);
});

test('a client with 32 requests under way gets 429 for the next, and is served again once they end', async () => {
  // Each connection sends its headers and promises a body it does not send: a request in flight.
  const held = [];
  for (let i = 0; i < 32; i++) {
    const s = await connect(srv.base);
    s.on('error', () => {});
    s.write('POST /login HTTP/1.1\r\n' + H + 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\n\r\n');
    held.push(s);
  }
  await new Promise(r => setTimeout(r, 300));
  const { out } = await exchange(srv.base, 'GET /healthz HTTP/1.1\r\n' + H + '\r\n');
  assert.equal(statusOf(out), 429, out.slice(0, 200));
  assert.match(out, /\r\nRetry-After: \d+/i);
  for (const s of held) s.destroy();
  await new Promise(r => setTimeout(r, 300));
  assert.equal((await fetch(srv.base + '/healthz')).status, 200);
});

test('costly requests: two at once per client, the others 429 with Retry-After', async () => {
  const form = await fetch(srv.base + '/login');
  const csrf = (await form.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const cookie = (form.headers.getSetCookie?.() || []).map(c => c.split(';')[0]).join('; ');
  const tries = await Promise.all(Array.from({ length: 8 }, (_, i) => fetch(srv.base + '/login', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf, username: `nobody${i}`, password: 'not the password at all', next: '/' }),
  })));
  const statuses = tries.map(r => r.status);
  const refused = tries.filter(r => r.status === 429);
  assert.ok(refused.length >= 1 && refused.length <= 6, statuses.join(' '));
  for (const r of refused) assert.match(r.headers.get('retry-after') || '', /^\d+$/);
  assert.ok(statuses.every(s => s < 500), statuses.join(' '));
});

test('connections that trickle their headers are closed after --header-timeout, idle ones too', async () => {
  const slow = await startServer({ extraArgs: ['--header-timeout', '2'] });
  try {
    const s = await connect(slow.base);
    s.on('error', () => {});
    const t0 = Date.now();
    const closedAt = new Promise(resolve => s.on('close', () => resolve(Date.now() - t0)));
    const line = 'GET / HTTP/1.1\r\nHost: x\r\n';
    let i = 0;
    const drip = setInterval(() => { if (!s.destroyed) s.write(i < line.length ? line[i++] : 'X'); }, 100);
    const idle = await connect(slow.base);
    idle.on('error', () => {});
    const idleClosed = new Promise(resolve => idle.on('close', () => resolve(Date.now() - t0)));
    // Meanwhile others are served.
    assert.equal((await fetch(slow.base + '/healthz')).status, 200);
    const ms = await Promise.race([closedAt, new Promise(r => setTimeout(() => r(-1), 8000))]);
    clearInterval(drip);
    assert.ok(ms >= 1500 && ms < 5000, `trickling connection closed after ${ms} ms`);
    const idleMs = await Promise.race([idleClosed, new Promise(r => setTimeout(() => r(-1), 8000))]);
    assert.ok(idleMs >= 1500 && idleMs < 5000, `idle connection closed after ${idleMs} ms`);
    // A keep-alive connection is served, then closed once it has waited that long for the next request.
    const ka = await raw(slow.base, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', { timeout: 6000, untilClose: true });
    assert.equal(statusOf(ka), 200);
  } finally {
    await slow.stop();
  }
});

test('a body that trickles is closed once it is behind 4 KiB a second after --header-timeout; a steady one is served', async () => {
  const slow = await startServer({ extraArgs: ['--header-timeout', '1'] });
  try {
    // 8,192 bytes promised: due within 1 + 2 s; one byte every 200 ms would take 27 minutes.
    const s = await connect(slow.base);
    s.on('error', () => {});
    const t0 = Date.now();
    const closedAt = new Promise(resolve => s.on('close', () => resolve(Date.now() - t0)));
    s.write('POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 8192\r\n\r\n');
    const drip = setInterval(() => { if (!s.destroyed) s.write('a'); }, 200);
    const ms = await Promise.race([closedAt, new Promise(r => setTimeout(() => r(-1), 10000))]);
    clearInterval(drip);
    assert.ok(ms >= 2500 && ms < 6000, `trickling body closed after ${ms} ms`);
    // The same size sent in four parts over 1.2 s is answered (the form is refused: no CSRF token).
    const ok = await connect(slow.base);
    const chunks = [];
    const done = new Promise(resolve => { ok.on('data', d => chunks.push(d)); ok.on('close', resolve); ok.on('error', resolve); });
    ok.write('POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 8192\r\nConnection: close\r\n\r\n');
    for (let i = 0; i < 4; i++) { await new Promise(r => setTimeout(r, 300)); ok.write('a'.repeat(2048)); }
    await Promise.race([done, new Promise(r => setTimeout(r, 5000))]);
    ok.destroy();
    assert.equal(statusOf(Buffer.concat(chunks).toString('latin1')), 403);
  } finally {
    await slow.stop();
  }
});

test('a second server on a busy port fails with "address in use" and a non-zero exit', () => {
  const { port } = new URL(srv.base);
  const r = spawnSync(BIN, ['serve', '--db', srv.db, '--listen', `127.0.0.1:${port}`], { encoding: 'utf8', timeout: 15000 });
  assert.notEqual(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.signal, null);
  assert.match(r.stderr, /address in use/);
});

test('HEAD of a bulk download comes from the cache like GET, with its length and no body', async () => {
  const get = await fetch(srv.base + '/data/reports.jsonl');
  const body = await get.text();
  assert.ok(!body.includes('<'), 'no raw < in the JSON Lines');
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const head = await fetch(srv.base + '/data/reports.jsonl', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(body)));
    best = Math.min(best, performance.now() - t0);
  }
  assert.ok(best < 200, `HEAD took ${best.toFixed(0)} ms at best`);
});
