// Helpers for HTTP tests: start the real binary (the sanitizer build) on a free port
// with a temporary demo database, and talk to it with fetch or raw sockets.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

export const BIN = process.env.POAISS_BIN || 'build/asan/poaiss';

// HTTP/1.1 lets a server close an idle keep-alive connection at the moment a client sends on it; the
// client then sees the connection end before any answer and may send again (RFC 9112, 9.3.1).  fetch
// does not.  Our server shuts a connection that sent no request for 10 s (http.h), and a test that
// blocks node's event loop (execFileSync under CI's load) can leave fetch's idle-socket timer unrun,
// so fetch reuses such a socket.  Every test's fetch sends again, once or twice, only when the
// connection failed before any answer came (fetch's own socket errors), and says so on stderr.
export const fetchOnce = globalThis.fetch;   // for a test that counts the failures (crash.test.mjs)
const BEFORE_ANSWER = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT']);
globalThis.fetch = async function fetchAgain(input, init) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnce(input, init);
    } catch (e) {
      const code = e?.cause?.code;
      if (attempt >= 2 || !(e instanceof TypeError) || !BEFORE_ANSWER.has(code) || init?.signal?.aborted) throw e;
      process.stderr.write(`fetch ${init?.method || 'GET'} ${String(input).slice(0, 120)}: ${code}; sending again\n`);
    }
  }
};
// Leaks inside libraries we do not own are suppressed (tests/lsan.supp); ours still fail the run.
process.env.LSAN_OPTIONS ||= 'suppressions=' + new URL('../lsan.supp', import.meta.url).pathname;
// Tests never depend on the real date: the binary takes "today" from POAISS_TODAY (domain/cycle.c).
// On 2026-12-06 the 2026 cycle is closed (BMS9 met 1-5 June 2026) and the demo has opened 2028.
export const TODAY = process.env.POAISS_TODAY ||= '2026-12-06';
// The cycle the demo opened for the focal points (it answers the 2026 template); 2026 is closed.
export const OPEN_CYCLE = 2028;

// The demo's focal-point States (KEN, FRA, PER) have published 2022 and 2024 reports, so the
// report their focal point starts in OPEN_CYCLE is pre-filled from the 2024 one.  A test about
// something else starts from an empty report: startBlank starts it (or finds it) as the holder of
// token and clears the pre-filled answers with an import of none, so that every answer is at
// revision 0 again.  Returns the report's id.
export async function startBlank(base, token, iso3) {
  const headers = { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' };
  const started = await fetch(base + '/api/v1/reports', { method: 'POST', headers, body: JSON.stringify({ state: iso3, cycle: OPEN_CYCLE }) });
  const { id } = await started.json();
  const cleared = await fetch(`${base}/api/v1/reports/${id}/import`, { method: 'POST', headers, body: JSON.stringify({ answers: {} }) });
  if (cleared.status !== 200) throw new Error(`clearing report ${id}: ${cleared.status} ${await cleared.text()}`);
  return id;
}

export function cli(args, input) {
  return execFileSync(BIN, args, { input: input ?? '', encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

// The demo database, made once per binary and environment and copied for every server: `demo` under
// the sanitizers takes seconds, and the HTTP and browser tests start some fifty servers (test files
// run in parallel, so it is made in a temporary file and renamed into place: whoever finishes
// first wins, and a copy never sees a half-made file).  Kept in build/test-demo/; those made more
// than a day ago go (one that goes while it is copied is made again).
const DEMO_DIR = resolve('build/test-demo');
function demoTemplate() {
  const st = statSync(BIN);
  const env = Object.entries(process.env).filter(([k]) => k.startsWith('POAISS_')).sort().map(([k, v]) => `${k}=${v}`).join('\n');
  const key = createHash('sha256').update(`${resolve(BIN)}\n${st.size}\n${st.mtimeMs}\n${env}`).digest('hex').slice(0, 16);
  const path = join(DEMO_DIR, `demo-${key}.db`);
  if (existsSync(path)) return path;
  mkdirSync(DEMO_DIR, { recursive: true });
  const tmp = mkdtempSync(join(DEMO_DIR, 'making-'));
  try {
    cli(['demo', '--db', join(tmp, 'demo.db')]);
    if (existsSync(join(tmp, 'demo.db-wal'))) throw new Error('demo left a WAL file: the template would be incomplete');
    renameSync(join(tmp, 'demo.db'), path);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  for (const f of readdirSync(DEMO_DIR)) {
    const old = join(DEMO_DIR, f);
    if (/^demo-[0-9a-f]+\.db$/.test(f) && old !== path && Date.now() - statSync(old, { throwIfNoEntry: false })?.mtimeMs > 86400e3)
      rmSync(old, { force: true });
  }
  return path;
}

export async function startServer({ extraArgs = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'poaiss-test-'));
  const db = join(dir, 'test.db');
  try { copyFileSync(demoTemplate(), db); } catch (e) { if (e.code !== 'ENOENT') throw e; copyFileSync(demoTemplate(), db); }
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--access-log', join(dir, 'access.log'), ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', d => { stderr += d; });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 15000);
    proc.stdout.on('data', d => {
      out += d;
      const m = out.match(/on (http:\/\/[0-9.]+:\d+)\//);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    proc.on('exit', code => { clearTimeout(t); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const exited = new Promise(resolve => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    base, db, dir, proc,
    stderr: () => stderr,
    token(username) { return cli(['token', 'create', '--db', db, '--username', username, '--label', 'test']).trim(); },
    async stop() {
      proc.kill('SIGTERM');
      const r = await exited;
      rmSync(dir, { recursive: true, force: true });
      return { ...r, stderr };
    },
  };
}

// Send raw bytes and collect the whole answer (the server closes, or we stop after the first response).
// The chunks are joined once at the end: the hostile tests read some 100,000 answers, and joining them
// again at every chunk made the test process, not the server, the bottleneck.
export function raw(base, bytes, { timeout = 5000, untilClose = false } = {}) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(port), hostname);
    const chunks = [];
    let size = 0, want = -1;   // want: the answer's length, once its head (and Content-Length) has come; Infinity: none
    const text = () => Buffer.concat(chunks, size).toString('latin1');
    const t = setTimeout(() => { sock.destroy(); resolve(text()); }, timeout);
    sock.on('data', d => {
      chunks.push(d);
      size += d.length;
      if (untilClose) return;
      if (want < 0) {
        const all = chunks.length > 1 ? Buffer.concat(chunks, size) : d;
        chunks.length = 0;
        chunks.push(all);
        const h = all.indexOf('\r\n\r\n');
        if (h < 0) return;
        const m = all.subarray(0, h).toString('latin1').match(/content-length: *(\d+)/i);
        want = m ? h + 4 + Number(m[1]) : Infinity;
      }
      if (size >= want) { clearTimeout(t); sock.destroy(); resolve(text()); }
    });
    sock.on('end', () => { clearTimeout(t); resolve(text()); });
    sock.on('error', e => { clearTimeout(t); if (chunks.length) resolve(text()); else reject(e); });
    sock.write(bytes);
  });
}

export function statusOf(rawResponse) {
  const m = rawResponse.match(/^HTTP\/1\.[01] (\d{3})/);
  return m ? Number(m[1]) : 0;
}

// Sign in through the form, as a browser would: fetch the form (and its CSRF cookie), post it.
export async function login(base, username, password) {
  const form = await fetch(base + '/login');
  const html = await form.text();
  const csrf = html.match(/name="csrf" value="([^"]+)"/)[1];
  const cookie = (form.headers.getSetCookie?.() || []).map(c => c.split(';')[0]).join('; ');
  const res = await fetch(base + '/login', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf, username, password, next: '/account' }),
  });
  const set = res.headers.getSetCookie?.() || [];
  const session = set.find(c => c.startsWith('poaiss_session='));
  return { res, session, cookie: session ? session.split(';')[0] : null, csrfCookie: cookie };
}
