// bench/abuse.mjs — a normal client's cached-page latency while the server is abused (run by bench/abuse.sh).
//
//   node bench/abuse.mjs BASE
//
// Loopback only: the attackers bind 127.0.0.2 … 127.0.0.13 so that each is a client of its own.
//   - SLOW connections (default 1000, over 5 addresses) send a request one byte at a time, one byte a
//     second, and open a new connection whenever the server closes one;
//   - SIGNINS loops (default 8, over 2 addresses) post failed sign-ins (argon2) as fast as answered;
//   - SEARCHES loops (default 8, over 2 addresses) ask searches no cache holds;
//   - HEAVY loops (default 8, over 2 addresses) ask heavy pages no cache holds (an analysis of a question for a
//     cycle and region, the trends PDF of a cycle in a language) or the same with a throw-away parameter;
//   - SLOWBODY connections (default 50, one address) send a form's headers, then its body a byte a second.
// The normal client (127.0.0.1; every other request on its keep-alive connection, the others each on a
// new connection) fetches PAGE (cached) back to back for
// BASELINE seconds alone, then for ATTACK seconds under attack; p50 and p99 of both are printed,
// with what the attackers got (status counts).  Bounded: everything stops after BASELINE + ATTACK + 5 s.
import http from 'node:http';
import net from 'node:net';

const BASE = new URL(process.argv[2] || 'http://127.0.0.1:18090');
const PAGE = process.env.PAGE || '/states';
const SLOW = Number(process.env.SLOW ?? 1000);
// A timed-out or refused request of the normal client counts as an error (the goal allows none).
const SIGNINS = Number(process.env.SIGNINS ?? 8);
const SEARCHES = Number(process.env.SEARCHES ?? 8);
const HEAVY = Number(process.env.HEAVY ?? 8);
const SLOWBODY = Number(process.env.SLOWBODY ?? 50);
const BASELINE = Number(process.env.BASELINE ?? 5);
const ATTACK = Number(process.env.ATTACK ?? 30);
const port = Number(BASE.port), host = BASE.hostname;

const sleep = ms => new Promise(r => setTimeout(r, ms));
const pct = (v, p) => { const s = [...v].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN; };
const counts = {};
const count = (k) => { counts[k] = (counts[k] || 0) + 1; };

function request(agent, localAddress, method, path, headers = {}, body = null) {
  return new Promise((resolve) => {
    const req = http.request({ host, port, method, path, agent, localAddress, headers }, res => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers }));
    });
    req.setTimeout(10000, () => req.destroy(new Error('timeout')));
    req.on('error', e => resolve({ status: 'error:' + (e.code || e.message) }));
    if (body) req.end(body); else req.end();
  });
}

// Every other request on a new connection: a server whose connection slots are all taken fails those.
async function measure(seconds, agent) {
  const lat = [], fresh = [];
  let errors = 0, i = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const t0 = process.hrtime.bigint();
    const isNew = i++ % 2 === 1;
    const r = await request(isNew ? new http.Agent({ keepAlive: false }) : agent, '127.0.0.1', 'GET', PAGE);
    if (r.status !== 200) { errors++; count('normal client ' + r.status); await sleep(10); continue; }
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    lat.push(ms);
    if (isNew) fresh.push(ms);
  }
  return { n: lat.length, errors, p50: pct(lat, 0.5), p99: pct(lat, 0.99), max: Math.max(...lat), newP99: pct(fresh, 0.99) };
}

let stop = false;

// One slow connection: a byte a second; reopened when closed.
async function slowloris(localAddress) {
  const line = `GET ${PAGE} HTTP/1.1\r\nHost: x\r\nUser-Agent: slow\r\n` + 'X-Pad: a\r\n'.repeat(1000);
  while (!stop) {
    await new Promise((resolve) => {
      const s = net.connect({ host, port, localAddress });
      let i = 0, timer = null;
      const done = () => { clearInterval(timer); resolve(); };
      s.on('connect', () => { count('slow opened'); timer = setInterval(() => { if (stop) { s.destroy(); return; } s.write(line[i++ % line.length]); }, 1000); });
      s.on('error', () => { count('slow refused or reset'); });
      s.on('close', () => { count('slow closed'); done(); });
    });
    await sleep(200);
  }
}

async function signins(localAddress) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const form = await new Promise((resolve) => {
    http.get({ host, port, path: '/login', agent, localAddress }, res => {
      let s = ''; res.setEncoding('utf8'); res.on('data', d => { s += d; });
      res.on('end', () => resolve({ html: s, cookie: (res.headers['set-cookie'] || []).map(c => c.split(';')[0]).join('; ') }));
    }).on('error', () => resolve({ html: '', cookie: '' }));
  });
  const csrf = (form.html.match(/name="csrf" value="([^"]+)"/) || [])[1] || '';
  let i = 0;
  while (!stop) {
    const body = new URLSearchParams({ csrf, username: `nobody${localAddress}-${i++}`, password: 'a wrong password', next: '/' }).toString();
    const r = await request(agent, localAddress, 'POST', '/login',
      { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Cookie: form.cookie }, body);
    count('sign-in ' + r.status);
    if (r.status === 429 || r.status === 503) await sleep(50);
  }
}

const WORDS = ['training', 'stockpile', 'border', 'marking', 'destruction', 'brokering', 'customs', 'police', 'export', 'record'];
async function searches(localAddress) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let i = 0;
  while (!stop) {
    const q = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]}`;
    const r = await request(agent, localAddress, 'GET', `/search?q=${encodeURIComponent(q)}&bust=${localAddress}-${i++}`);
    count('search ' + r.status);
    if (r.status === 429 || r.status === 503) await sleep(50);
  }
}

const CYCLES = [2010, 2012, 2014, 2016, 2018, 2020, 2022, 2024], REGIONS = ['002', '019', '142', '150', '009'];
const LANGS = ['en', 'fr', 'es', 'ru', 'zh', 'ar'];
async function heavy(localAddress) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let i = 0;
  while (!stop) {
    const k = i++;
    const path = k % 2 ? `/analysis/questions/coord.nap?cycle=${CYCLES[k % 8]}&region=${REGIONS[(k >> 3) % 5]}&bust=${k}`
                       : `/analysis/trends/${CYCLES[(k >> 1) % 8]}.pdf?lang=${LANGS[(k >> 4) % 6]}&bust=${localAddress}-${k}`;
    const r = await request(agent, localAddress, 'GET', path);
    count('heavy ' + r.status);
    if (r.status === 429 || r.status === 503) await sleep(50);
  }
}

async function slowBody(localAddress) {
  while (!stop) {
    await new Promise((resolve) => {
      const s = net.connect({ host, port, localAddress });
      let timer;
      const done = () => { clearInterval(timer); resolve(); };
      s.on('connect', () => {
        count('slow body opened');
        s.write('POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n');
        timer = setInterval(() => { if (stop) { s.destroy(); return; } s.write('a'); }, 1000);
      });
      s.on('error', done);
      s.on('close', () => { count('slow body closed'); done(); });
    });
    if (!stop) await sleep(200);
  }
}

const keep = new http.Agent({ keepAlive: true, maxSockets: 1 });
await request(keep, '127.0.0.1', 'GET', PAGE);   // fill the cache
const base = await measure(BASELINE, keep);

const killer = setTimeout(() => { console.error('abuse: bounded run exceeded, stopping'); process.exit(2); }, (BASELINE + ATTACK + 30) * 1000);
const attackers = [];
for (let i = 0; i < SLOW; i++) attackers.push(slowloris(`127.0.0.${2 + (i % 5)}`));
for (let i = 0; i < SIGNINS; i++) attackers.push(signins(`127.0.0.${7 + (i % 2)}`));
for (let i = 0; i < SEARCHES; i++) attackers.push(searches(`127.0.0.${9 + (i % 2)}`));
for (let i = 0; i < HEAVY; i++) attackers.push(heavy(`127.0.0.${11 + (i % 2)}`));
for (let i = 0; i < SLOWBODY; i++) attackers.push(slowBody('127.0.0.13'));
await sleep(3000);   // let the slow connections open
const under = await measure(ATTACK, keep);
stop = true;
await Promise.race([Promise.all(attackers), sleep(5000)]);
clearTimeout(killer);

const f = x => Number.isFinite(x) ? x.toFixed(2) : '-';
const line = (label, m) => console.log(`cached ${PAGE}, ${label} ${m.n} requests, p50 ${f(m.p50)} ms, p99 ${f(m.p99)} ms ` +
  `(new connections ${f(m.newP99)} ms), max ${f(m.max)} ms, errors ${m.errors}`);
line('alone:       ', base);
line('under attack:', under);
console.log(`attack: ${SLOW} slow connections (5 addresses), ${SIGNINS} sign-in loops, ${SEARCHES} search loops, ` +
  `${HEAVY} heavy-page loops, ${SLOWBODY} slow bodies for ${ATTACK} s`);
for (const k of Object.keys(counts).sort()) console.log(`  ${k}: ${counts[k]}`);
const goal = under.p99 <= 50 && under.errors === 0;
console.log(goal ? 'goal met: p99 within 50 ms under attack' : 'goal MISSED: p99 over 50 ms or errors under attack');
process.exit(0);
