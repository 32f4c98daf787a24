// The authorisation matrix (issue 13, item 8), generated from the route table itself:
// `poaiss routes --json` lists every route with its method, pattern and declared authorisation,
// and this test sends each one as every role (anonymous, Kenya's focal point, France's focal
// point, the donor partner, the Secretariat, an admin) against Kenya's and another State's
// resources (ids read from the demo database), then checks:
// - no answer is a 5xx;
// - anonymous never gets a 2xx on a route whose table entry is not public;
// - every answer agrees with EXPECT below: "deny" is 401, 403, 404 or a redirect to /login,
//   never a 2xx (so a focal point never reads or writes another State's drafts), for a write
//   too (BODIES gives the writes whose refusal could hide behind a body's validation the body an
//   allowed caller sends); "allow" is a 2xx for a read (a GET), and anything but a 5xx, a 401 or
//   a redirect to /login for a write (most writes send an empty body: 400 or 422);
// - every route of the table has an entry in EXPECT and every entry is a route: a new route
//   cannot escape the matrix.
// EXPECT is written from the domain rules (README "API", "Assistance", "Projects", "Procedure",
// "Voluntary targets"; src/domain/authz.h), not from observed answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, login, cli, startBlank, OPEN_CYCLE } from './helpers.mjs';

// ---- the roles ----
const ROLES = [
  { name: 'anonymous' },
  { name: 'france', state: 'FRA' },
  { name: 'donor', partner: 'demo-donor-agency' },
  { name: 'kenya', state: 'KEN' },
  { name: 'unoda', secretariat: true, staff: true },
  { name: 'admin', admin: true, staff: true },
];
const ANON = r => !r.state && !r.partner && !r.staff;
const ownFp = (r, x) => !!r.state && r.state === x.state;

// ---- the rules: who may, for a role r and a resource x (its state, partner, parties, public) ----
const RULES = {
  public: () => true,
  signedIn: r => !ANON(r),
  staff: r => !!r.staff,                                    // the Secretariat and admins
  secretariat: r => !!r.secretariat,
  admin: r => !!r.admin,
  partner: r => !!r.partner,
  fpOrSecretariat: r => !!r.state || !!r.secretariat,      // file for one's own State; the Secretariat for any
  projectNew: r => !!r.state || !!r.partner || !!r.secretariat,
  // Reports: a published one is public; a draft only to its State's focal points and staff.
  reportRead: (r, x) => x.published || ownFp(r, x) || !!r.staff,
  draftRead: (r, x) => ownFp(r, x) || !!r.staff,
  draftWrite: (r, x) => ownFp(r, x),
  // Requests for assistance.
  requestEdit: (r, x) => ownFp(r, x) || !!r.secretariat,
  requestAnswer: (r, x) => ownFp(r, x),
  offerEdit: (r, x) => !!r.partner && r.partner === x.partner,
  // Baselines and projects: the parties (the State's focal points, the partners taking part).
  partyRead: (r, x) => x.public || ownFp(r, x) || (!!r.partner && x.partners.includes(r.partner)) || !!r.staff,
  partyWrite: (r, x) => ownFp(r, x) || (!!r.partner && x.partners.includes(r.partner)),
  partyOrSecretariat: (r, x) => ownFp(r, x) || (!!r.partner && x.partners.includes(r.partner)) || !!r.secretariat,
  // Voluntary targets: a State's by its focal points; a region's by the Secretariat.
  targetEdit: (r, x) => (x.state ? ownFp(r, x) : !!r.secretariat),
  // Tokens: their owner and admins.
  tokenOwner: (r, x) => r.name === x.owner || !!r.admin,
};

// ---- every route: "METHOD PATTERN  resource  rule  [loose]" ----
// resource: how the {} are filled (RESOURCES below); loose: an allowed GET need not be a 2xx (a
// confirmation page for a report in another status, a file the report does not have).
const EXPECT = `
GET /                                    none public
GET /states                              none public
GET /states.csv                          none public
GET /states.xlsx                         none public
GET /states.json                         none public
GET /states/{}                           state public
GET /states/{}/changes                   state public
GET /organisations                       none public
GET /organisations.csv                   none public
GET /organisations.xlsx                  none public
GET /organisations.json                  none public
GET /organisations/{}                    org public
GET /cycles                              none public
GET /cycles.csv                          none public
GET /cycles.xlsx                         none public
GET /cycles.json                         none public
GET /cycles/new                          none staff
POST /cycles/new                         none staff
GET /cycles/{}                           cycle public
GET /cycles/{}/edit                      cycle staff
POST /cycles/{}/edit                     cycle staff
GET /documents/poa                       none public
GET /search                              search public
GET /search.csv                          search public
GET /search.xlsx                         search public
GET /search.json                         search public
GET /questions                           none public
GET /data                                none public
GET /data/reports.jsonl                  none public
GET /data/dictionary.csv                 none public
GET /questions/{}                        question public
GET /sections/{}                         section public
GET /login                               none public loose
POST /login                              none public
POST /logout                             none signedIn
GET /account                             none signedIn
GET /account/password                    none signedIn
POST /account/password                   none signedIn
GET /admin/users                         none admin
GET /admin/users/{}/{}                   userAction admin
POST /admin/users/{}/{}                  userAction admin
GET /desk                                none staff
POST /reports/start                      none signedIn
GET /reports/{}                          report reportRead
GET /reports/{}/edit                     draft draftWrite
POST /reports/{}/edit                    draft draftWrite
GET /reports/{}/check                    draft draftRead
GET /reports/{}/workbook.xlsx            report reportRead
POST /reports/{}/upload                  draft draftWrite
GET /reports/{}/files/{}                 reportFile reportRead loose
GET /reports/{}/publish                  draft secretariat loose
GET /reports/{}/return                   draft secretariat loose
GET /reports/{}/submitted                draft draftRead loose
GET /reports/{}/{}                       reportExport reportRead
POST /reports/{}/{}                      reportSubmit draftWrite
GET /assistance                          none public
GET /assistance.csv                      none public
GET /assistance.xlsx                     none public
GET /assistance.json                     none public
GET /assistance/requests/new             none fpOrSecretariat
POST /assistance/requests/new            none fpOrSecretariat
GET /assistance/requests/{}              request public
GET /assistance/requests/{}/edit         request requestEdit
POST /assistance/requests/{}/edit        request requestEdit
POST /assistance/requests/{}/interest    request partner
POST /assistance/requests/{}/answer      request requestAnswer
GET /assistance/requests/{}/proposal     request public loose
POST /api/v1/assistance/requests/{}/proposal request requestEdit
DELETE /api/v1/assistance/requests/{}/proposal request requestEdit
GET /assistance/offers/new               none partner
POST /assistance/offers/new              none partner
GET /assistance/offers/{}                offer public
GET /assistance/offers/{}/edit           offer offerEdit
POST /assistance/offers/{}/edit          offer offerEdit
GET /analysis/trends/{}                  trends public
GET /account/notifications               none signedIn
POST /account/notifications/read         none signedIn
POST /account/language                   none signedIn
GET /api/v1/notifications                none signedIn
POST /api/v1/notifications/read          none signedIn
GET /targets                             none public
GET /targets.csv                         none public
GET /targets.xlsx                        none public
GET /targets.json                        none public
GET /targets/new                         none fpOrSecretariat
POST /targets/new                        none fpOrSecretariat
GET /targets/{}                          target public
GET /targets/{}/edit                     target targetEdit
POST /targets/{}/edit                    target targetEdit
POST /targets/{}/progress                target targetEdit
GET /analysis                            none public
GET /analysis/reporting                  none public
GET /analysis/reporting.csv              none public
GET /analysis/reporting.xlsx             none public
GET /analysis/reporting.json             none public
GET /analysis/questions/{}               question public
GET /analysis/sdg-16-4-2                 none public
GET /analysis/sdg-16-4-2.csv             none public
GET /analysis/sdg-16-4-2.xlsx            none public
GET /analysis/sdg-16-4-2.json            none public
GET /analysis/assistance                 none public
GET /analysis/assistance.csv             none public
GET /analysis/assistance.xlsx            none public
GET /analysis/assistance.json            none public
GET /api/v1/analysis/reporting           none public
GET /api/v1/analysis/questions/{}        question public
GET /api/v1/analysis/sdg-16-4-2          none public
GET /api/v1/analysis/assistance          none public
GET /static/{}                           static public
GET /healthz                             none public
GET /api/v1/states                       none public
GET /api/v1/states/{}                    state public
GET /api/v1/states/{}/changes            state public
GET /api/v1/regions                      none public
GET /api/v1/groups                       none public
GET /api/v1/organisations                none public
GET /api/v1/organisations/{}             org public
GET /api/v1/cycles                       none public
POST /api/v1/cycles                      none staff
PATCH /api/v1/cycles/{}                  cycle staff
GET /api/v1/documents/poa                none public
GET /api/v1/openapi.json                 none public
GET /api/v1/me                           none public
GET /api/v1/search                       search public
GET /api/v1/questions/{}                 question public
GET /api/v1/audit                        none staff
GET /api/v1/users                        none admin
GET /api/v1/desk                         none staff
POST /api/v1/users                       none admin
POST /api/v1/users/{}/sessions/end       user admin
POST /api/v1/users/{}/disable            user admin
POST /api/v1/users/{}/enable             user admin
GET /api/v1/tokens                       none signedIn
DELETE /api/v1/tokens/{}                 token tokenOwner
POST /api/v1/me/password                 none signedIn
GET /api/v1/templates/{}                 template public
GET /api/v1/reports                      none public
POST /api/v1/reports                     none signedIn
GET /api/v1/reports/{}                   report reportRead
GET /api/v1/reports/{}/files/{}          reportFile reportRead loose
PATCH /api/v1/reports/{}/answers         draft draftWrite
GET /api/v1/reports/{}/check             draft draftRead
POST /api/v1/reports/{}/workbook         draft draftWrite
POST /api/v1/reports/{}/files            draft draftWrite
POST /api/v1/reports/{}/{}               reportSubmit draftWrite
GET /api/v1/assistance/requests          none public
POST /api/v1/assistance/requests         newKen requestEdit   # filed for Kenya
GET /api/v1/assistance/requests/{}       request public
PATCH /api/v1/assistance/requests/{}     request requestEdit
GET /api/v1/assistance/requests/{}/matches request public
POST /api/v1/assistance/requests/{}/interest request partner
DELETE /api/v1/assistance/requests/{}/interest request partner
POST /api/v1/assistance/requests/{}/interest/{}/accept requestPartner requestAnswer
POST /api/v1/assistance/requests/{}/interest/{}/decline requestPartner requestAnswer
GET /api/v1/assistance/offers            none public
POST /api/v1/assistance/offers           none partner
GET /api/v1/assistance/offers/{}         offer public
PATCH /api/v1/assistance/offers/{}       offer offerEdit
GET /api/v1/assistance/offers/{}/matches offer public
GET /projects                            none public
GET /projects.csv                        none public
GET /projects.xlsx                       none public
GET /projects.json                       none public
GET /projects/new                        none projectNew    # the form: to those who may record one (authz.c), like the POST
POST /projects/new                       none projectNew
GET /projects/{}                         project public
POST /projects/{}/reports                project partyWrite
POST /projects/{}/complete               project partyOrSecretariat
GET /api/v1/projects                     none public
POST /api/v1/projects                    none projectNew
GET /api/v1/projects/{}                  projectApi public
POST /api/v1/projects/{}/reports         project partyWrite
POST /api/v1/projects/{}/complete        projectApi partyOrSecretariat
GET /desk/assistance                     none staff
GET /desk/assistance.csv                 none staff
GET /desk/assistance.xlsx                none staff
GET /desk/assistance.json                none staff
POST /desk/assistance/targets            none secretariat
POST /assistance/requests/{}/stage       request secretariat   # to acknowledged: the Secretariat (a focal point only withdraws)
GET /api/v1/desk/assistance              none staff
GET /api/v1/desk/assistance/targets      none staff
PUT /api/v1/desk/assistance/targets      none secretariat
POST /api/v1/assistance/requests/{}/stage request secretariat
GET /baselines/{}                        baseline partyRead
GET /baselines/{}/side                   baseline partyWrite
POST /baselines/{}/side                  baseline partyWrite
POST /baselines/{}/publish               baseline partyWrite
POST /baselines/{}/complete              baseline secretariat
GET /assistance/requests/{}/baseline     request secretariat loose
POST /assistance/requests/{}/baseline    request secretariat
POST /api/v1/assistance/requests/{}/baseline request secretariat
GET /api/v1/baselines/{}                 baseline partyRead
PATCH /api/v1/baselines/{}               baseline partyOrSecretariat
GET /api/v1/targets                      none public
POST /api/v1/targets                     none fpOrSecretariat
GET /api/v1/targets/{}                   target public
POST /api/v1/targets/{}/progress         target targetEdit
`.trim().split('\n').map(line => {
  const [method, pattern, resource, rule, loose] = line.replace(/#.*/, "").trim().split(/\s+/);
  return { key: `${method} ${pattern}`, method, pattern, resource, rule, loose: loose === 'loose' };
});

// ---- the bodies of the writes ----
// A write is sent with the body an allowed caller would send (so that a refusal cannot hide behind
// the body's validation); the others get an empty one ({} or only the CSRF token).  A refused
// write with a body here must be a refusal as strict as a read's.
const BODIES = {
  'PATCH /api/v1/reports/{}/answers': { json: { changes: [{ question: 'challenges', value: 'Matrix', rev: 0 }] } },
  'PATCH /api/v1/assistance/requests/{}': { json: { title: 'Matrix, changed' } },
  'POST /api/v1/assistance/requests/{}/stage': { json: { stage: 'acknowledged', note: 'Matrix' } },
  'POST /assistance/requests/{}/stage': { form: { stage: 'acknowledged', note: 'Matrix' } },
  'PATCH /api/v1/assistance/offers/{}': { json: { title: 'Matrix offer, changed' } },
  'POST /api/v1/targets/{}/progress': { json: { value: 1, year: 2026 } },
  'POST /api/v1/projects/{}/reports': { json: { period_end: '2026-03-31', activities: 'Matrix' } },
  'PATCH /api/v1/baselines/{}': { json: { findings: [{ category: 'stockpile', findings: 'Matrix' }] } },
  'POST /projects/{}/complete': { form: { note: 'Matrix' } },
  'POST /api/v1/projects/{}/complete': { json: { note: 'Matrix' } },
  'PUT /api/v1/desk/assistance/targets': { json: { received: 14 } },
  'POST /api/v1/assistance/requests': { json: { state: 'KEN', category: 'stockpile', kind: 'training', title: 'Matrix' } },
  'POST /assistance/requests/{}/answer': { form: { partner: 'demo-donor-agency', answer: 'decline' } },
  'POST /baselines/{}/publish': { form: { agree: '1' } },
  // The report's own workbook, as its focal point downloads it; a small PDF as a file.
  'POST /api/v1/reports/{}/workbook': x => ({ raw: x.workbook, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
  'POST /reports/{}/upload': x => ({ file: x.workbook, name: 'workbook.xlsx' }),
  'POST /api/v1/reports/{}/files': { raw: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), type: 'application/pdf', query: '?name=matrix.pdf' },
};

// ---- the server and its fixtures ----
let srv, fx;
const auth = {};   // role name -> { token, cookie, csrf }

function sql(query) {
  const out = execFileSync('sqlite3', ['-json', srv.db, query], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

// Every request on a connection of its own: the cli() and sql() calls block this process for seconds on a
// loaded machine, long enough for the server to close fetch's idle keep-alive connection (--header-timeout),
// which fetch would then reuse and fail ("fetch failed").
const CLOSE = { Connection: 'close' };

async function api(method, path, role, body) {
  const res = await fetch(srv.base + '/api/v1' + path, { method,
    headers: { Authorization: 'Bearer ' + auth[role].token, 'Content-Type': 'application/json', ...CLOSE },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} as ${role}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

before(async () => {
  srv = await startServer();
  for (const r of ROLES.slice(1)) {
    const { cookie } = await login(srv.base, r.name, `${r.name}-demo-2026`);
    assert.ok(cookie, 'signed in as ' + r.name);
    const page = await (await fetch(srv.base + '/account', { headers: { Cookie: cookie } })).text();
    auth[r.name] = { token: srv.token(r.name), cookie, csrf: page.match(/name="csrf" value="([^"]+)"/)[1] };
  }
  // Anonymous forms: the double-submit cookie and token of the sign-in form.
  const form = await fetch(srv.base + '/login');
  auth.anonymous = { cookie: (form.headers.getSetCookie?.() || []).map(c => c.split(';')[0]).join('; '),
    csrf: (await form.text()).match(/name="csrf" value="([^"]+)"/)[1] };

  // Drafts of the open cycle, Kenya's and France's; Kenya's latest published report.
  const kenDraft = await startBlank(srv.base, auth.kenya.token, 'KEN');
  const fraDraft = await startBlank(srv.base, auth.france.token, 'FRA');
  const workbook = async id => Buffer.from(await (await fetch(`${srv.base}/reports/${id}/workbook.xlsx`,
    { headers: { Cookie: auth[id === kenDraft ? 'kenya' : 'france'].cookie, ...CLOSE } })).arrayBuffer());
  const kenPub = sql("SELECT id FROM report WHERE state_iso3 = 'KEN' AND status = 'published' ORDER BY cycle DESC LIMIT 1")[0].id;
  // A request each, filed by the State; the donor interested in both.
  const kenReq = (await api('POST', '/assistance/requests', 'kenya', { category: 'stockpile', kind: 'training', title: 'Matrix KEN' })).id;
  const fraReq = (await api('POST', '/assistance/requests', 'france', { category: 'stockpile', kind: 'training', title: 'Matrix FRA' })).id;
  for (const id of [kenReq, fraReq]) await api('POST', `/assistance/requests/${id}/interest`, 'donor', {});
  // Offers: the donor's own and another partner's.
  const donorOffer = (await api('POST', '/assistance/offers', 'donor', { title: 'Matrix offer' })).id;
  const other = sql("SELECT o.id, p.code FROM offer o JOIN partner p ON p.id = o.partner_id WHERE p.code <> 'demo-donor-agency' ORDER BY o.id LIMIT 1")[0];
  // Projects: Kenya's, recorded now by the Secretariat with the donor, and one of the demo's (another State's).
  const partnersOf = id => sql(`SELECT p.code FROM project_partner pp JOIN partner p ON p.id = pp.partner_id WHERE pp.project_id = ${id}`).map(x => x.code);
  const kenProject = (await api('POST', '/projects', 'unoda', { requests: [kenReq], partners: ['demo-donor-agency'],
    title: 'Matrix project', period_start: '2026-01' })).id;
  const [otherProject, otherProject2] = sql("SELECT id, state_iso3 FROM project WHERE state_iso3 NOT IN ('KEN', 'FRA') ORDER BY id LIMIT 2");
  // A second pair for the API's routes (the page's may complete the first).
  const kenReq2 = (await api('POST', '/assistance/requests', 'kenya', { category: 'stockpile', kind: 'training', title: 'Matrix KEN 2' })).id;
  const kenProject2 = (await api('POST', '/projects', 'unoda', { requests: [kenReq2], partners: ['demo-donor-agency'],
    title: 'Matrix project 2', period_start: '2026-01' })).id;
  // Baselines: the demo's (Kenya's, public, with the donor) and one opened now on France's request (not public).
  const kenBaseline = sql("SELECT b.id FROM baseline b JOIN request r ON r.id = b.request_id WHERE r.state_iso3 = 'KEN' LIMIT 1")[0].id;
  const fraBaseline = (await api('POST', `/assistance/requests/${fraReq}/baseline`, 'unoda', { partners: ['demo-au'], note: 'Matrix' })).id;
  // Targets: Kenya's, France's, a region's.
  const target = where => sql(`SELECT id FROM target WHERE ${where} ORDER BY id LIMIT 1`)[0].id;
  // A spare account for the admin routes, spare tokens for the token routes.
  cli(['user', 'add', '--db', srv.db, '--username', 'matrix-spare', '--role', 'focal_point', '--state', 'KEN'], 'matrix spare passphrase 2026\n');
  const spare = sql("SELECT id FROM user WHERE username = 'matrix-spare'")[0].id;
  for (const u of ['kenya', 'france']) cli(['token', 'create', '--db', srv.db, '--username', u, '--label', 'matrix-spare']);
  const spareToken = u => sql(`SELECT t.id FROM api_token t JOIN user u ON u.id = t.user_id WHERE u.username = '${u}' AND t.label = 'matrix-spare'`)[0].id;
  const org = sql('SELECT code FROM organisation ORDER BY code LIMIT 1')[0].code;

  const ken = { state: 'KEN' }, fra = { state: 'FRA' };
  fx = {
    none: [{ label: '', args: [] }],
    newKen: [{ label: 'for KEN', args: [], ...ken }],
    search: [{ label: 'q=firearms', args: [], query: '?q=firearms' }],
    state: [{ label: 'KEN', args: ['KEN'], ...ken }, { label: 'FRA', args: ['FRA'], ...fra }],
    org: [{ label: org, args: [org] }],
    cycle: [{ label: String(OPEN_CYCLE), args: [OPEN_CYCLE] }],
    trends: [{ label: '2024', args: ['2024'] }],
    question: [{ label: 'coord.body', args: ['coord.body'] }],
    section: [{ label: '1', args: ['1'] }],
    static: [{ label: 'style.css', args: ['style.css'] }],
    template: [{ label: '2026', args: ['2026'] }],
    report: [{ label: 'KEN draft', args: [kenDraft], ...ken }, { label: 'FRA draft', args: [fraDraft], ...fra },
      { label: 'KEN published', args: [kenPub], ...ken, published: true }],
    draft: [{ label: 'KEN draft', args: [kenDraft], ...ken, workbook: await workbook(kenDraft) },
      { label: 'FRA draft', args: [fraDraft], ...fra, workbook: await workbook(fraDraft) }],
    reportFile: [{ label: 'KEN draft', args: [kenDraft, '0'.repeat(64)], ...ken }, { label: 'FRA draft', args: [fraDraft, '0'.repeat(64)], ...fra }],
    reportExport: [{ label: 'KEN draft', args: [kenDraft, 'export.csv'], ...ken }, { label: 'FRA draft', args: [fraDraft, 'export.json'], ...fra },
      { label: 'KEN published', args: [kenPub, 'export.csv'], ...ken, published: true }],
    reportSubmit: [{ label: 'KEN draft', args: [kenDraft, 'submit'], ...ken }, { label: 'FRA draft', args: [fraDraft, 'submit'], ...fra }],
    request: [{ label: 'KEN request', args: [kenReq], ...ken }, { label: 'FRA request', args: [fraReq], ...fra }],
    requestPartner: [{ label: 'KEN request', args: [kenReq, 'demo-donor-agency'], ...ken },
      { label: 'FRA request', args: [fraReq, 'demo-donor-agency'], ...fra }],
    offer: [{ label: 'donor offer', args: [donorOffer], partner: 'demo-donor-agency' }, { label: other.code + ' offer', args: [other.id], partner: other.code }],
    project: [{ label: 'KEN project', args: [kenProject], ...ken, partners: partnersOf(kenProject) },
      { label: otherProject.state_iso3 + ' project', args: [otherProject.id], state: otherProject.state_iso3, partners: partnersOf(otherProject.id) }],
    projectApi: [{ label: 'KEN project 2', args: [kenProject2], ...ken, partners: partnersOf(kenProject2) },
      { label: otherProject2.state_iso3 + ' project', args: [otherProject2.id], state: otherProject2.state_iso3, partners: partnersOf(otherProject2.id) }],
    baseline: [{ label: 'KEN baseline (public)', args: [kenBaseline], ...ken, partners: ['demo-donor-agency'], public: true },
      { label: 'FRA baseline', args: [fraBaseline], ...fra, partners: ['demo-au'] }],
    target: [{ label: 'KEN target', args: [target("state_iso3 = 'KEN'")], ...ken }, { label: 'FRA target', args: [target("state_iso3 = 'FRA'")], ...fra },
      { label: 'region target', args: [target('state_iso3 IS NULL')] }],
    user: [{ label: 'spare account', args: [spare] }],
    userAction: [{ label: 'spare account', args: [spare, 'enable'] }],
    token: [{ label: 'kenya token', args: [spareToken('kenya')], owner: 'kenya' }, { label: 'france token', args: [spareToken('france')], owner: 'france' }],
  };
});

after(async () => {
  if (!srv) return;
  const { stderr } = await srv.stop();
  assert.doesNotMatch(stderr, /runtime error|AddressSanitizer|LeakSanitizer|poaiss: fatal/);
});

function fill(pattern, args) {
  let i = 0;
  return pattern.replace(/\{\}/g, () => encodeURIComponent(String(args[i++])));
}

// One request as a role: bearer tokens for the API, the session cookie (and its CSRF token) for pages.
async function send(method, path, role, given) {
  const a = auth[role.name] || {};
  const headers = {};
  let body;
  if (path.startsWith('/api/')) {
    if (a.token) headers.Authorization = 'Bearer ' + a.token;
    if (given?.raw) { headers['Content-Type'] = given.type; body = given.raw; }
    else if (method !== 'GET' && method !== 'DELETE') { headers['Content-Type'] = 'application/json'; body = JSON.stringify(given?.json || {}); }
  } else {
    if (a.cookie) headers.Cookie = a.cookie;
    if (given?.file) {   // a file upload form (multipart), the CSRF token among its fields
      body = new FormData();
      body.append('csrf', a.csrf || '');
      body.append('file', new Blob([given.file]), given.name);
    } else if (method !== 'GET') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams({ ...(given?.form || {}), csrf: a.csrf }).toString();
    }
  }
  const res = await fetch(srv.base + path, { method, headers: { ...headers, ...CLOSE }, body, redirect: 'manual' });
  await res.arrayBuffer();
  return { status: res.status, location: res.headers.get('location') || '' };
}

const toLogin = r => r.status >= 300 && r.status < 400 && r.location.startsWith('/login');
const denied = r => r.status === 401 || r.status === 403 || r.status === 404 || toLogin(r);

test('every route of the table has an expectation, and every expectation is a route', () => {
  const table = JSON.parse(cli(['routes', '--json']));
  assert.ok(table.length >= 150, `only ${table.length} routes listed`);
  const keys = new Set(EXPECT.map(e => e.key));
  assert.equal(keys.size, EXPECT.length, 'an expectation is listed twice');
  const routes = new Set(table.map(r => `${r.method} ${r.pattern}`));
  assert.deepEqual(table.map(r => `${r.method} ${r.pattern}`).filter(k => !keys.has(k)), [],
    'routes without an entry in EXPECT (tests/http/authz_matrix.test.mjs): add one');
  assert.deepEqual([...keys].filter(k => !routes.has(k)), [], 'EXPECT entries for routes that no longer exist');
  for (const e of EXPECT) {
    assert.ok(RULES[e.rule], `${e.key}: unknown rule ${e.rule}`);
    assert.ok(fx[e.resource]?.length, `${e.key}: unknown resource ${e.resource}`);
    const holes = (e.pattern.match(/\{\}/g) || []).length;
    for (const x of fx[e.resource]) assert.equal(x.args.length, holes, `${e.key}: ${e.resource} fills ${x.args.length} of ${holes} captures`);
  }
});

test('every route × every role × own and another State: no 5xx, no escape', async t => {
  const table = JSON.parse(cli(['routes', '--json']));
  const byKey = new Map(table.map(r => [`${r.method} ${r.pattern}`, r]));
  const failures = [];
  let requests = 0;
  // Reads first, then writes; sign-out last (it ends the sessions the other rows use).
  const order = e => (e.method === 'GET' ? 0 : e.key === 'POST /logout' ? 3 : /\/(complete|publish)$/.test(e.pattern) ? 2 : 1);
  const entries = [...EXPECT].sort((a, b) => order(a) - order(b));
  for (const e of entries) {
    const route = byKey.get(e.key);
    for (const x of fx[e.resource]) {
      const given = typeof BODIES[e.key] === 'function' ? BODIES[e.key](x) : BODIES[e.key];
      const path = fill(e.pattern, x.args) + (x.query || given?.query || '');
      // The refused first: an allowed write may change the resource (a request acknowledged, a project completed).
      const roles = [...ROLES].sort((p, q) => RULES[e.rule](p, x) - RULES[e.rule](q, x));
      for (const role of roles) {
        const r = await send(e.method, path, role, given);
        requests++;
        const where = `${e.method} ${path} (${x.label || 'no resource'}) as ${role.name}: ${r.status}${r.location ? ' → ' + r.location : ''}`;
        if (r.status >= 500) { failures.push(`${where}: a server error`); continue; }
        if (ANON(role) && route.authz !== 'public' && r.status >= 200 && r.status < 300) {
          failures.push(`${where}: anonymous got a 2xx on a ${route.authz} route`);
          continue;
        }
        const allowed = RULES[e.rule](role, x);
        // A refusal, read or write, is 401, 403, 404 or the sign-in page: never a 400 or a 422 about the body, which
        // would say the body was read before the rights were checked.
        if (!allowed && !denied(r)) failures.push(`${where}: expected a refusal (rule ${e.rule})`);
        if (allowed && e.method !== 'GET' && process.env.AUTHZ_SHOW) console.log('allowed write', where);   // to see what they did
        if (allowed) {
          if (e.method === 'GET' && !e.loose && !(r.status >= 200 && r.status < 300))
            failures.push(`${where}: expected a 2xx (rule ${e.rule})`);
          if (r.status === 401 || toLogin(r)) failures.push(`${where}: an allowed caller sent to sign in (rule ${e.rule})`);
        }
      }
    }
  }
  t.diagnostic(`${requests} requests over ${EXPECT.length} routes and ${ROLES.length} roles`);
  console.log(`authz matrix: ${requests} requests over ${EXPECT.length} routes and ${ROLES.length} roles, ${failures.length} failures`);
  assert.deepEqual(failures, []);
});
