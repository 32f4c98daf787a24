// deploy/nginx.conf in front of the server, as in production: TLS (a self-signed certificate made
// here by openssl) and HTTP/2, the static files from disk, a page and a POST sign-in proxied, and
// the client's address reaching the server through X-Real-IP / X-Forwarded-For only because the
// server trusts the proxy (serve --trust-proxy 127.0.0.1).  The client connects from 127.0.0.5 so
// that its address differs from the proxy's.  Skipped, with a message, without nginx or openssl.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import https from 'node:https';
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { startServer } from './helpers.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const CLIENT = '127.0.0.5';

function findTool(name) {
  for (const dir of [...(process.env.PATH || '').split(':'), '/usr/sbin', '/sbin', '/usr/local/sbin']) {
    const p = join(dir || '.', name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}
const NGINX = findTool('nginx'), OPENSSL = findTool('openssl');
const missing = !NGINX ? 'nginx is not installed (apt-get install nginx-light)' : !OPENSSL ? 'openssl is not installed' : null;
const OPTS = missing ? { skip: missing } : {};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

// One request through https (or http), from CLIENT; the whole answer.
function request(url, { method = 'GET', headers = {}, body } = {}) {
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const r = mod.request(u, { method, headers, localAddress: CLIENT, rejectUnauthorized: false, agent: false }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    r.on('error', reject);
    if (body) r.write(body);
    r.end();
  });
}

let srv, dir, ports = {}, base, nginxPid;

function site(conf) {
  // The deployed file, with this test's ports and paths: each replacement must happen.
  const subst = [
    [/server 127\.0\.0\.1:8080 /, `server 127.0.0.1:${new URL(srv.base).port} `],
    [/^\s*listen \[::\]:80;\n/m, ''],
    [/^\s*listen \[::\]:443 ssl http2;\n/m, ''],
    [/listen 80;/, `listen 127.0.0.1:${ports.http};`],
    [/listen 443 ssl http2;/, `listen 127.0.0.1:${ports.https} ssl http2;`],
    [/\/etc\/ssl\/certs\/poaiss\.crt/, join(dir, 'cert.pem')],
    [/\/etc\/ssl\/private\/poaiss\.key/, join(dir, 'key.pem')],
    [/\/usr\/local\/share\/poaiss\/static\//, join(ROOT, 'static') + '/'],
  ];
  for (const [re, to] of subst) {
    assert.match(conf, re, 'deploy/nginx.conf still has ' + re);
    conf = conf.replace(re, to);
  }
  return conf;
}

before(async () => {
  if (missing) return;
  srv = await startServer({ extraArgs: ['--trust-proxy', '127.0.0.1', '--secure-cookies'] });
  dir = srv.dir;
  ports.http = await freePort();
  ports.https = await freePort();
  base = `https://127.0.0.1:${ports.https}`;
  const cert = spawnSync(OPENSSL, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { encoding: 'utf8' });
  assert.equal(cert.status, 0, cert.stderr);
  mkdirSync(join(dir, 'nginx-tmp'));
  writeFileSync(join(dir, 'site.conf'), site(readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8')));
  writeFileSync(join(dir, 'nginx.conf'), `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log;
events { worker_connections 256; }
http {
  types { text/html html; text/css css; application/javascript js; }
  default_type application/octet-stream;
  access_log ${dir}/nginx-access.log;
  client_body_temp_path ${dir}/nginx-tmp/body;
  proxy_temp_path ${dir}/nginx-tmp/proxy;
  fastcgi_temp_path ${dir}/nginx-tmp/fastcgi;
  uwsgi_temp_path ${dir}/nginx-tmp/uwsgi;
  scgi_temp_path ${dir}/nginx-tmp/scgi;
  include ${dir}/site.conf;
}
`);
  const args = ['-c', join(dir, 'nginx.conf'), '-p', dir];
  const check = spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8' });
  assert.equal(check.status, 0, 'nginx -t: ' + check.stderr);
  const start = spawnSync(NGINX, args, { encoding: 'utf8' });
  assert.equal(start.status, 0, start.stderr);
  for (let i = 0; i < 100 && !existsSync(join(dir, 'nginx.pid')); i++) await new Promise(r => setTimeout(r, 50));
  nginxPid = Number(readFileSync(join(dir, 'nginx.pid'), 'utf8'));
});

after(async () => {
  if (nginxPid) { try { process.kill(nginxPid, 'SIGTERM'); } catch { /* gone */ } }
  await srv?.stop();
});

// The server's access log: the address it gave to the request for path (logged once the answer is sent).
async function loggedAddress(path) {
  for (let i = 0; i < 100; i++) {
    const line = readFileSync(join(dir, 'access.log'), 'utf8').split('\n').find(l => l.split(' ')[3] === path);
    if (line) return line.split(' ')[1];
    await new Promise(r => setTimeout(r, 20));
  }
  return null;
}

test('a page over TLS and HTTP/2; HTTP is redirected to HTTPS', OPTS, async () => {
  const r = await request(base + '/');
  assert.equal(r.status, 200);
  assert.match(r.body.toString(), /PoA-ISS/);
  assert.match(r.headers['strict-transport-security'] || '', /max-age=/);
  const s = http2.connect(base, { rejectUnauthorized: false, localAddress: CLIENT });
  const h2 = await new Promise((resolve, reject) => {
    const q = s.request({ ':path': '/?via=h2' });
    let status;
    q.on('response', h => { status = h[':status']; });
    q.on('data', () => {});
    q.on('end', () => resolve(status));
    q.on('error', reject);
  });
  s.close();
  assert.equal(h2, 200, 'HTTP/2');
  const plain = await request(`http://127.0.0.1:${ports.http}/states`);
  assert.equal(plain.status, 301);
  assert.equal(plain.headers.location, `https://127.0.0.1/states`);
});

test('static files come from disk, the same bytes the server has, without reaching it', OPTS, async () => {
  const r = await request(base + '/static/style.css');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /text\/css/);
  assert.deepEqual(r.body, readFileSync(join(ROOT, 'static/style.css')));
  const direct = await request(`${srv.base}/static/style.css`);
  assert.deepEqual(direct.body, r.body, 'the server serves the same bytes');
  assert.equal(await loggedAddress('/static/style.css'), CLIENT, 'the direct request is logged');
  const reached = readFileSync(join(dir, 'access.log'), 'utf8').split('\n').filter(l => l.includes('/static/style.css'));
  assert.equal(reached.length, 1, 'only the direct request reached the server');
});

test('a POST sign-in through the proxy gets a Secure session cookie', OPTS, async () => {
  const form = await request(base + '/login');
  const csrf = form.body.toString().match(/name="csrf" value="([^"]+)"/)[1];
  const cookie = (form.headers['set-cookie'] || []).map(c => c.split(';')[0]).join('; ');
  const body = new URLSearchParams({ csrf, username: 'kenya', password: 'kenya-demo-2026', next: '/account' }).toString();
  const r = await request(base + '/login', {
    method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Cookie: cookie },
  });
  assert.equal(r.status, 303, r.body.toString());
  const session = (r.headers['set-cookie'] || []).find(c => c.startsWith('poaiss_session='));
  assert.ok(session, 'a session cookie');
  assert.match(session, /; *Secure/i);
  const account = await request(base + '/account', { headers: { Cookie: session.split(';')[0] } });
  assert.equal(account.status, 200);
});

test('the client address reaches the server through the proxy, and only from the trusted proxy', OPTS, async () => {
  assert.equal((await request(base + '/?who=proxied')).status, 200);
  assert.equal(await loggedAddress('/?who=proxied'), CLIENT, 'the address nginx saw, not nginx\'s own');
  // A client's own X-Forwarded-For is not believed: nginx appends the real address, the server takes that.
  assert.equal((await request(base + '/?who=forged', { headers: { 'X-Forwarded-For': '198.51.100.66' } })).status, 200);
  assert.equal(await loggedAddress('/?who=forged'), CLIENT);
  // Straight to the server from an address it does not trust: the headers count for nothing.
  const direct = await request(`${srv.base}/?who=direct`, { headers: { 'X-Real-IP': '198.51.100.66', 'X-Forwarded-For': '198.51.100.66' } });
  assert.equal(direct.status, 200);
  assert.equal(await loggedAddress('/?who=direct'), CLIENT);
});
