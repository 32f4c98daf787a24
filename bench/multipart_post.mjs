// The CPU one section-form POST costs the server (issue 13): 10 MB of multipart body, a table of
// 250 rows each with a text cell and a 40 KB file cell (the 2026 template's assist.needs).  Before
// the body was split once, every file cell scanned the whole body again.
//
//   POAISS_BIN=build/poaiss node bench/multipart_post.mjs      # prints the server's CPU seconds for the POST
import { readFileSync } from 'node:fs';
import { startServer, login, OPEN_CYCLE } from '../tests/http/helpers.mjs';

const ROWS = Number(process.env.ROWS || 250), FILE_BYTES = Number(process.env.FILE_BYTES || 40 * 1024);
const cpu = pid => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };

const srv = await startServer();
try {
  const token = srv.token('peru');
  const r = await fetch(srv.base + '/api/v1/reports', { method: 'POST', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
    body: JSON.stringify({ state: 'PER', cycle: OPEN_CYCLE }) });
  const id = (await r.json()).id;
  const tpl = await (await fetch(`${srv.base}/api/v1/templates/${OPEN_CYCLE - 2}`)).json();
  const q = (tpl.sections || []).flatMap(s => (s.questions || []).map(x => ({ ...x, section: s.id }))).find(x => x.id === 'assist.needs');
  const section = q ? q.section : process.env.SECTION;
  const { cookie } = await login(srv.base, 'peru', 'peru-demo-2026');
  const page = await (await fetch(`${srv.base}/reports/${id}/edit?section=${section}`, { headers: { Cookie: cookie } })).text();
  const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
  const fd = new FormData();
  fd.append('csrf', csrf);
  fd.append('rev:assist.needs', '0');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(FILE_BYTES - 9, 'x')]);
  for (let i = 0; i < ROWS; i++) {
    fd.append(`v:assist.needs:${i}:description`, 'row ' + i);
    fd.append(`v:assist.needs:${i}:proposal_file`, new Blob([pdf], { type: 'application/pdf' }), `p${i}.pdf`);
  }
  const serialized = new Response(fd);   /* one serialization: its boundary and its bytes */
  const ct = serialized.headers.get('content-type');
  const body = Buffer.from(await serialized.arrayBuffer());
  const before = cpu(srv.proc.pid), t0 = Date.now();
  const res = await fetch(`${srv.base}/reports/${id}/edit?section=${section}`, { method: 'POST', body, redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': ct } });
  const text = await res.text();
  if (process.env.SHOW) console.log(text.slice(0, 3000));
  const after = cpu(srv.proc.pid);
  console.log(`section ${section}: ${(body.length / 1e6).toFixed(1)} MB, ${ROWS} rows: status ${res.status}, ` +
              `${(after - before).toFixed(2)} s of server CPU, ${Date.now() - t0} ms wall`);
} finally {
  await srv.stop();
}
