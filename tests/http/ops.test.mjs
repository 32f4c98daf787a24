// Running it for real: backup under a steady write load (one snapshot, never a partial file
// under the target name), `poaiss check`, and a clean stop on SIGTERM.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, mkdtempSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, startServer, OPEN_CYCLE } from './helpers.mjs';

const run = (args, input) => spawnSync(BIN, args, { input: input ?? '', encoding: 'utf8' });
const sleep = ms => new Promise(r => setTimeout(r, ms));

function exitOf(proc) {
  return new Promise(resolve => proc.on('exit', (code, signal) => resolve({ code, signal })));
}

test('backup finishes under ~30 writes a second and the copy passes check', async () => {
  const srv = await startServer();
  try {
    const token = srv.token('kenya');
    const headers = { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' };
    const started = await fetch(srv.base + '/api/v1/reports', { method: 'POST', headers, body: JSON.stringify({ state: 'KEN', cycle: OPEN_CYCLE }) });
    const { id } = await started.json();
    let writing = true, acknowledged = 0, failed = 0;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const t0 = Date.now();
        const r = await fetch(`${srv.base}/api/v1/reports/${id}/import`, {
          method: 'POST', headers, body: JSON.stringify({ answers: { 'coord.nap': i % 2 ? 'yes' : 'no' } }),
        });
        await r.arrayBuffer();
        if (r.status === 200) acknowledged++; else failed++;
        await sleep(Math.max(0, 33 - (Date.now() - t0)));   // about 30 a second
      }
    })();
    await sleep(500);
    const before = acknowledged;
    const bak = join(srv.dir, 'copy.db');
    const t0 = Date.now();
    const proc = spawn(BIN, ['backup', '--db', srv.db, '--to', bak], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', d => { out += d; });
    proc.stderr.on('data', d => { out += d; });
    const killer = setTimeout(() => proc.kill('SIGKILL'), 60000);
    const { code } = await exitOf(proc);
    clearTimeout(killer);
    const took = Date.now() - t0;
    await sleep(300);
    writing = false;
    await writer;
    assert.equal(code, 0, out);
    assert.equal(failed, 0);
    assert.ok(acknowledged - before >= 5, `writes went on during the backup (${acknowledged - before} in ${took} ms)`);
    assert.match(out, /backed up .* in [0-9.]+ s/);
    const chk = run(['check', '--db', bak]);
    assert.equal(chk.status, 0, chk.stdout + chk.stderr);
    assert.match(chk.stdout, /ok +integrity_check/);
    assert.match(chk.stdout, /sound/);
    assert.deepEqual(readdirSync(srv.dir).filter(f => f.includes('.partial-')), []);
  } finally {
    const stopped = await srv.stop();   // and the server stops cleanly on SIGTERM (as systemd stops it)
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stderr, /SIGTERM received[^]*stopped cleanly/);
  }
});

test('a killed backup never leaves a file under the target name; SIGTERM removes its temporary file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'poaiss-ops-'));
  try {
    const db = join(dir, 'x.db');
    assert.equal(run(['demo', '--db', db]).status, 0);
    let killedMidway = 0;
    for (let attempt = 0; attempt < 8 && killedMidway < 2; attempt++) {
      const to = join(dir, `b${attempt}.db`);
      const proc = spawn(BIN, ['backup', '--db', db, '--to', to], { stdio: 'ignore' });
      const exited = exitOf(proc);
      let done = false;
      exited.then(() => { done = true; });
      const signal = attempt % 2 ? 'SIGTERM' : 'SIGKILL';
      // Wait until the temporary file exists (the copy is under way), then kill.
      while (!done && !readdirSync(dir).some(f => f.startsWith(`b${attempt}.db.partial-`))) await new Promise(r => setImmediate(r));
      if (!done) proc.kill(signal);
      const r = await exited;
      if (r.code === 0) { assert.ok(existsSync(to)); continue; }   // finished before the signal: a whole copy
      killedMidway++;
      assert.equal(r.signal, signal);
      assert.equal(existsSync(to), false, 'no file under the target name after ' + signal);
      const partial = readdirSync(dir).filter(f => f.startsWith(`b${attempt}.db.partial-`));
      if (signal === 'SIGTERM') assert.deepEqual(partial, [], 'SIGTERM removes the temporary file');
      else for (const p of partial) rmSync(join(dir, p));
    }
    assert.ok(killedMidway >= 1, 'at least one backup was killed while copying');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('check: a sound database passes; a missing table or an old schema fails', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poaiss-ops-'));
  try {
    const db = join(dir, 'x.db');
    assert.equal(run(['init', '--db', db]).status, 0);
    let r = run(['check', '--db', db]);
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /ok +foreign_key_check/);
    assert.match(r.stdout, /ok +schema version \d+/);
    const bad = join(dir, 'bad.db');
    copyFileSync(db, bad);
    const sq = spawnSync('sqlite3', [bad, 'DROP TABLE report_attachment; PRAGMA user_version=1;'], { encoding: 'utf8' });
    if (sq.error) return;   // no sqlite3 shell: the rest needs it
    r = run(['check', '--db', bad]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /table report_attachment is missing/);
    assert.match(r.stdout, /FAIL schema version 1/);
    assert.match(r.stdout, /problems found/);
    assert.equal(run(['check', '--db', join(dir, 'none.db')]).status, 1);
    assert.equal(run(['check']).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
