// The command line: bulk import (all or nothing) and export of reports, backup, help and usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from './helpers.mjs';

const run = (args, input) => spawnSync(BIN, args, { input: input ?? '', encoding: 'utf8' });

test('import is all or nothing, export gives back what was published', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poaiss-cli-'));
  const db = join(dir, 'x.db');
  assert.equal(run(['init', '--db', db]).status, 0);
  const good = [
    { state: 'KEN', cycle: 2024, status: 'published', answers: { 'coord.body': 'yes' } },
    { state: 'FRA', cycle: 2024, status: 'draft', answers: { 'coord.body': 'no' } },
  ].map(x => JSON.stringify(x)).join('\n') + '\n';
  const bad = good + JSON.stringify({ state: 'PER', cycle: 2024, answers: { 'coord.body': 'maybe' } }) + '\n{not json\n';
  const r1 = run(['import', '--db', db], bad);
  assert.equal(r1.status, 1);
  assert.match(r1.stderr, /line 3: coord\.body: .*choose yes, no or developing/i);
  assert.match(r1.stderr, /line 4: not a JSON object/);
  assert.match(r1.stderr, /nothing was imported/);
  const r2 = run(['import', '--db', db], good);
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stdout, /imported 2 reports/);
  assert.equal(run(['import', '--db', db], good).status, 1);   // the same reports again: refused whole
  const out = run(['export', '--db', db]);
  const lines = out.stdout.trim().split('\n').map(l => JSON.parse(l));
  assert.equal(lines.length, 1);   // drafts are not exported
  assert.equal(lines[0].state, 'KEN');
  assert.equal(lines[0].answers['coord.body'], 'yes');
  const bak = join(dir, 'b.db');
  assert.equal(run(['backup', '--db', db, '--to', bak]).status, 0);
  assert.ok(existsSync(bak));
  assert.equal(run(['backup', '--db', db, '--to', bak]).status, 1);   // never overwrites
  rmSync(dir, { recursive: true, force: true });
});

test('help, usage errors and bad options', () => {
  assert.equal(run(['--help']).status, 0);
  for (const c of ['init', 'demo', 'serve', 'backup', 'check', 'gc', 'import', 'export']) {
    const r = run([c, '--help']);
    assert.equal(r.status, 0, c);
    assert.match(r.stdout, /usage: poaiss/, c);
  }
  assert.equal(run(['user', 'add', '--help']).status, 0);
  assert.equal(run(['token', 'create', '--help']).status, 0);
  assert.equal(run([]).status, 2);
  assert.equal(run(['frobnicate']).status, 2);
  assert.equal(run(['init', '--bogus']).status, 2);
  assert.equal(run(['init']).status, 1);   // --db missing
  assert.equal(run(['serve', '--db', '/nonexistent/x.db']).status, 1);
  assert.equal(run(['serve', '--db', 'x', '--threads', '0']).status, 2);
  const u = run(['user', 'add', '--db', '/nonexistent/x.db', '--username', 'a', '--role', 'admin'], 'short\n');
  assert.equal(u.status, 1);
});

test('import indexes for search; reindex rebuilds the index; demo --scale refuses nonsense; a benchmark cycle imports', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'poaiss-cli-'));
  const db = join(dir, 'x.db');
  assert.equal(run(['init', '--db', db]).status, 0);
  const lines = [
    { state: 'KEN', cycle: 2024, status: 'published', answers: { 'coord.body': 'yes', 'challenges.obstacles': 'Cross-border trafficking of ammunition' } },
    { state: 'FRA', cycle: 2102, status: 'published', answers: { 'coord.body': 'no' } },
  ].map(x => JSON.stringify(x)).join('\n') + '\n';
  const imp = run(['import', '--db', db], lines);
  assert.equal(imp.status, 0, imp.stderr);
  // The import indexed its reports for search (the rows written at its end), before any reindex.
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const base = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', d => { out += d; const m = out.match(/on (http:\/\/[0-9.]+:\d+)\//); if (m) resolve(m[1]); });
    proc.on('exit', code => reject(new Error('server exited ' + code)));
  });
  const found = await (await fetch(base + '/api/v1/search?q=trafficking%20ammunition')).json();
  assert.equal(found.total, 1);
  assert.equal(found.results[0].state, 'KEN');
  assert.equal(found.results[0].question, 'challenges.obstacles');
  proc.kill('SIGTERM');
  const r = run(['reindex', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  const m = r.stdout.match(/indexed (\d+) answers in [0-9.]+ s/);
  assert.ok(m, r.stdout);
  assert.ok(Number(m[1]) >= 3);
  for (const bad of [['--scale', '0'], ['--scale', '1001'], ['--scale', 'x'], ['--scale', '2x']]) {
    const d = run(['demo', '--db', join(dir, 'y.db'), ...bad]);
    assert.equal(d.status, 2, bad.join(' '));
    assert.match(d.stderr, /--scale takes a whole number/);
  }
  assert.equal(run(['init', '--db', db, '--scale', '2']).status, 2);   // init has no --scale
  assert.equal(run(['reindex']).status, 1);   // --db missing, as for the other commands
  assert.equal(run(['reindex', '--help']).status, 0);
  rmSync(dir, { recursive: true, force: true });
});

test('init on a database made before the names in other languages existed adds them, once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poaiss-names-'));
  try {
    const db = join(dir, 'old.db');
    assert.equal(run(['init', '--db', db]).status, 0);
    const sql = q => spawnSync('sqlite3', [db, q], { encoding: 'utf8' }).stdout.trim();
    const full = sql('SELECT count(*) FROM ref_name');
    assert.ok(Number(full) > 1000, full);
    sql('DELETE FROM ref_name');                       // as a database of before migration 0007
    const r = run(['init', '--db', db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /already holds the reference data/);
    assert.equal(sql('SELECT count(*) FROM ref_name'), full);
    assert.equal(sql("SELECT name FROM ref_name WHERE kind = 'group' AND code = 'AFR' AND lang = 'zh'"), '非洲国家组');
    assert.equal(run(['init', '--db', db]).status, 0);  // a second run adds nothing twice
    assert.equal(sql('SELECT count(*) FROM ref_name'), full);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
