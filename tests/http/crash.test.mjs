// The crash test (issue 13, item 8): concurrent writers, the server killed with SIGKILL at
// random moments, and after every kill, before the restart, the database file itself is read
// (the sqlite3 shell): every write the server acknowledged (2xx, the whole answer received) is
// there with its exact value, and PRAGMA integrity_check says ok.
//
// The writers, all through the API with bearer tokens, at the same time:
// - Kenya's, France's and Peru's focal points each save draft answers (three text questions of
//   their own open-cycle report, one new value per save, with the revision they last saw);
// - the Secretariat files requests for assistance for several States;
// - the donor's account records offers.
// A write sent but never acknowledged may or may not be there (the kill may have come after the
// commit and before the answer): an answer must hold its last acknowledged value or one sent after
// it; a request or offer whose 201 never arrived may exist or not.  Every acknowledged one must.
//
// KILLS (default 20) kills; `make bench` runs it with KILLS=100 (bench/crash.sh).  The release
// binary serves (POAISS_CRASH_BIN, default build/poaiss): a kill test needs speed, not a sanitizer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OPEN_CYCLE, startBlank, fetchOnce as fetch } from './helpers.mjs';

const BIN = process.env.POAISS_CRASH_BIN || 'build/poaiss';
const KILLS = Number(process.env.KILLS || 20);
const QUESTIONS = ['challenges', 'challenges.comments', 'assist.effectiveness'];   // text questions without skip logic
const FOCAL = { kenya: 'KEN', france: 'FRA', peru: 'PER' };
const REQUEST_STATES = ['KEN', 'FRA', 'PER', 'UGA', 'BRA', 'IND'];

function run(args) {
  return execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
}

function sql(db, query) {
  const out = execFileSync('sqlite3', ['-json', db, query], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).trim();
  return out ? JSON.parse(out) : [];
}

// Start the server on a free port; resolves with its base URL and process once it listens.
function serve(db, dir) {
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--access-log', join(dir, 'access.log')],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', d => { stderr += d; });
  const exited = new Promise(resolve => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const base = new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 15000);
    proc.stdout.on('data', d => {
      out += d;
      const m = out.match(/on (http:\/\/[0-9.]+:\d+)\//);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    exited.then(({ code, signal }) => { clearTimeout(t); reject(new Error(`server exited ${code ?? signal}: ${stderr}`)); });
  });
  return base.then(url => ({ base: url, proc, exited, stderr: () => stderr }));
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
// The server's own limits (per client, argon2, queue) may answer 429 or 503: not acknowledged, try again.
const busy = status => status === 429 || status === 503;

test(`crash: ${KILLS} SIGKILLs under concurrent writes lose no acknowledged write`, { timeout: 600000 }, async t => {
  const dir = mkdtempSync(join(tmpdir(), 'poaiss-crash-'));
  const db = join(dir, 'crash.db');
  let srv = null;
  try {
    run(['demo', '--db', db]);
    const tokens = {};
    for (const u of [...Object.keys(FOCAL), 'unoda', 'donor'])
      tokens[u] = run(['token', 'create', '--db', db, '--username', u, '--label', 'crash']).trim();
    const hdr = u => ({ Authorization: 'Bearer ' + tokens[u], 'Content-Type': 'application/json' });

    // What each writer was told was saved, and what it sent since without an answer.
    const answers = {};    // user -> { report, rev: {q}, acked: {q: value|undefined}, pending: {q: [values]} }
    const requests = [];   // { id, title, state } acknowledged
    const offers = [];     // { id, title } acknowledged
    let acks = 0, sent = 0, kills = 0;
    const unexpected = [];

    srv = await serve(db, dir);
    for (const [u, iso3] of Object.entries(FOCAL)) {
      const report = await startBlank(srv.base, tokens[u], iso3);
      answers[u] = { report, rev: {}, acked: {}, pending: {} };
      for (const q of QUESTIONS) { answers[u].rev[q] = 0; answers[u].pending[q] = []; }
    }

    // One writer's loop: stops at the first failed exchange (the server is gone).
    async function answerWriter(u, base, round) {
      const a = answers[u];
      for (let n = 0; ; n++) {
        const q = QUESTIONS[n % QUESTIONS.length];
        const value = `${u} round ${round} save ${n}: ${'x'.repeat(n % 7)}é`;
        a.pending[q].push(value);
        sent++;
        let res, body;
        try {
          res = await fetch(`${base}/api/v1/reports/${a.report}/answers`, { method: 'PATCH', headers: hdr(u),
            body: JSON.stringify({ changes: [{ question: q, value, rev: a.rev[q] }] }) });
          body = await res.json();
        } catch { return; }
        if (res.status === 200) {
          const saved = body.answers.find(x => x.question === q);
          a.rev[q] = saved.rev;
          a.acked[q] = value;
          a.pending[q] = [];
          acks++;
        } else if (busy(res.status)) {
          await sleep(20);
        } else if (res.status === 409) {
          a.rev[q] = body.error.conflicts[0].rev;   // cannot happen with one writer per report; recover anyway
          unexpected.push(`${u} ${q}: 409`);
        } else {
          unexpected.push(`${u} ${q}: ${res.status} ${JSON.stringify(body)}`);
          return;
        }
      }
    }
    async function requestWriter(base, round) {
      for (let n = 0; ; n++) {
        const state = REQUEST_STATES[n % REQUEST_STATES.length];
        const title = `Crash round ${round} request ${n} «${state}»`;
        sent++;
        let res, body;
        try {
          res = await fetch(base + '/api/v1/assistance/requests', { method: 'POST', headers: hdr('unoda'),
            body: JSON.stringify({ state, category: 'stockpile', kind: 'training', title }) });
          body = await res.json();
        } catch { return; }
        if (busy(res.status)) { await sleep(20); continue; }
        if (res.status !== 201) { unexpected.push(`request: ${res.status} ${JSON.stringify(body)}`); return; }
        requests.push({ id: body.id, title, state });
        acks++;
      }
    }
    async function offerWriter(base, round) {
      for (let n = 0; ; n++) {
        const title = `Crash round ${round} offer ${n}`;
        sent++;
        let res, body;
        try {
          res = await fetch(base + '/api/v1/assistance/offers', { method: 'POST', headers: hdr('donor'),
            body: JSON.stringify({ title }) });
          body = await res.json();
        } catch { return; }
        if (busy(res.status)) { await sleep(20); continue; }
        if (res.status !== 201) { unexpected.push(`offer: ${res.status} ${JSON.stringify(body)}`); return; }
        offers.push({ id: body.id, title });
        acks++;
      }
    }

    // The file after a kill: intact, and every acknowledged write in it.
    function verify(round) {
      const ic = sql(db, 'PRAGMA integrity_check');
      assert.deepEqual(ic, [{ integrity_check: 'ok' }], `integrity_check after kill ${round}`);
      const fk = sql(db, 'PRAGMA foreign_key_check');
      assert.deepEqual(fk, [], `foreign_key_check after kill ${round}`);
      for (const [u, a] of Object.entries(answers)) {
        const rows = sql(db, `SELECT question, value, rev FROM report_answer WHERE report_id = ${Number(a.report)}`);
        const stored = Object.fromEntries(rows.map(r => [r.question, r]));
        for (const q of QUESTIONS) {
          const row = stored[q];
          const value = row ? JSON.parse(row.value) : undefined;
          const allowed = [a.acked[q], ...a.pending[q]];
          assert.ok(allowed.includes(value),
            `after kill ${round}, ${u}'s ${q} is ${JSON.stringify(value)}; acknowledged ${JSON.stringify(a.acked[q])}`);
          // From here on what the file holds is the truth the writer goes on from.
          a.acked[q] = value;
          a.pending[q] = [];
          a.rev[q] = row ? row.rev : 0;
        }
      }
      const reqRows = new Map(sql(db, 'SELECT id, title, state_iso3 FROM request').map(r => [r.id, r]));
      for (const r of requests) {
        const row = reqRows.get(r.id);
        assert.ok(row, `after kill ${round}, acknowledged request ${r.id} (${r.title}) is missing`);
        assert.equal(row.title, r.title);
        assert.equal(row.state_iso3, r.state);
      }
      const offRows = new Map(sql(db, 'SELECT id, title FROM offer').map(r => [r.id, r]));
      for (const o of offers) {
        const row = offRows.get(o.id);
        assert.ok(row, `after kill ${round}, acknowledged offer ${o.id} (${o.title}) is missing`);
        assert.equal(row.title, o.title);
      }
    }

    const started = Date.now();
    for (let round = 1; round <= KILLS; round++) {
      if (!srv) srv = await serve(db, dir);
      const writers = [
        ...Object.keys(FOCAL).map(u => answerWriter(u, srv.base, round)),
        requestWriter(srv.base, round), offerWriter(srv.base, round),
      ];
      // A random moment: 50 ms to 1 s of writes (some kills land early, while the first writes of a
      // fresh process are in flight).
      await sleep(50 + Math.floor(Math.random() * 950));
      srv.proc.kill('SIGKILL');
      const { signal } = await srv.exited;
      assert.equal(signal, 'SIGKILL', 'the server died of the kill, not before: ' + srv.stderr());
      kills++;
      await Promise.all(writers);
      srv = null;
      assert.deepEqual(unexpected, [], 'every write was answered 2xx until the kill');
      verify(round);
    }
    // One last start: the server comes up on the file and shows the last acknowledged answers.
    srv = await serve(db, dir);
    for (const [u, a] of Object.entries(answers)) {
      const res = await fetch(`${srv.base}/api/v1/reports/${a.report}`, { headers: hdr(u) });
      assert.equal(res.status, 200);
      const body = await res.json();
      for (const q of QUESTIONS) assert.equal(body.answers[q], a.acked[q], `${u} ${q} served after the last restart`);
    }
    const last = requests.at(-1);
    if (last) assert.equal((await (await fetch(`${srv.base}/api/v1/assistance/requests/${last.id}`)).json()).title, last.title);
    srv.proc.kill('SIGTERM');
    await srv.exited;
    srv = null;

    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const summary = `${kills} kills, ${acks} acknowledged writes (${requests.length} requests, ${offers.length} offers, ` +
      `the rest draft answers) of ${sent} sent, in ${secs} s: none lost, integrity_check ok after every kill`;
    t.diagnostic(summary);
    console.log('crash test: ' + summary);
    assert.ok(kills >= KILLS);
    assert.ok(acks > kills * 5, `only ${acks} writes acknowledged in ${kills} rounds`);
  } finally {
    if (srv) { srv.proc.kill('SIGKILL'); await srv.exited; }
    rmSync(dir, { recursive: true, force: true });
  }
});
