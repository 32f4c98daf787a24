// Errors people can fix on the section form and the check page (issue 9, deliverable 4): the error
// summary links to every invalid field, the title says "Error: ", a save with errors says how many
// problems remain, a conditional question names the answer it depends on, the check page counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, startBlank } from './helpers.mjs';

let srv, token, cookie, id;
before(async () => {
  srv = await startServer();
  token = srv.token('kenya');
  id = await startBlank(srv.base, token, 'KEN');   // not pre-filled: the check page counts the three answers saved here
  cookie = (await login(srv.base, 'kenya', 'kenya-demo-2026')).cookie;
});
after(async () => { if (srv) await srv.stop(); });

const page = async path => {
  const r = await fetch(srv.base + path, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: r.status, html: await r.text(), location: r.headers.get('location') };
};
const ids = html => new Set([...html.matchAll(/\sid="([^"]+)"/g)].map(m => m[1]));
const summaryOf = html => {
  const m = html.match(/<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/);
  return m ? { tag: html.slice(m.index, m.index + m[0].indexOf('>') + 1), body: m[1] } : null;
};

test('a save with errors: summary of every error linked to its field, "Error: " title, "Saved, with N problems to fix"', async () => {
  const form = await page(`/reports/${id}/edit`);
  assert.equal(form.status, 200);
  const csrf = form.html.match(/name="csrf" value="([^"]+)"/)[1];
  const body = new URLSearchParams({
    csrf, go: 'stay',
    'v:coord.body': 'yes', 'rev:coord.body': '0',
    'v:coord.body.members:women': 'ten', 'v:coord.body.members:men': 'seven', 'rev:coord.body.members': '0',
    'v:coord.poc:name': 'Jane Wanjiru', 'v:coord.poc:email': 'not an address', 'rev:coord.poc': '0',
  });
  const post = await fetch(`${srv.base}/reports/${id}/edit`, {
    method: 'POST', redirect: 'manual', body,
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(post.status, 303);
  const after = await page(post.headers.get('location'));
  const html = after.html;
  assert.match(html, /<title>Error: /);
  const summary = summaryOf(html);
  assert.ok(summary, 'an error summary');
  assert.match(summary.tag, /role="alert"/);
  assert.match(summary.tag, /tabindex="-1"/);
  assert.match(summary.body, /There is a problem/);
  const links = [...summary.body.matchAll(/<a href="#([^"]+)"/g)].map(m => m[1]);
  // Every invalid field of the question, not the first one only: women, men and the e-mail.
  assert.ok(links.length >= 3, links.join(' '));
  for (const f of ['v:coord.body.members:women', 'v:coord.body.members:men', 'v:coord.poc:email'])
    assert.ok(links.includes(f), `${f} in ${links.join(' ')}`);
  const present = ids(html);
  for (const l of links) assert.ok(present.has(l), `link target #${l} exists`);
  assert.match(html, new RegExp(`Saved, with ${links.length} problems to fix`));
  assert.doesNotMatch(html, />Saved\.</);
  // "ten" stays in its field, which is tied to its error message.
  const women = html.match(/<input id="v:coord\.body\.members:women"[^>]*>/)[0];
  assert.match(women, /value="ten"/);
  assert.match(women, /aria-invalid="true"/);
  const described = women.match(/aria-describedby="([^"]+)"/)[1];
  assert.ok(present.has(described), 'the error message the field points to exists');
});

test('a conditional question says which answer it depends on', async () => {
  const { html } = await page(`/reports/${id}/edit`);
  assert.match(html, /Answer if 1\.1 is Yes or Developing\./);
  assert.match(html, /Answer if 1\.3 is No\./);
  assert.doesNotMatch(html, /applies only after a particular answer/);
});

test('the check page: answered N of M, unanswered as a warning, errors linked to fields, submit disabled with a reason', async () => {
  const { status, html } = await page(`/reports/${id}/check`);
  assert.equal(status, 200);
  assert.match(html, /<title>Error: /);
  const m = html.match(/Answered (\d+) of (\d+) questions/);
  assert.ok(m, 'the count');
  const [answered, applies] = [Number(m[1]), Number(m[2])];
  assert.equal(answered, 3);
  assert.ok(applies > answered && applies < 200, `${answered} of ${applies}`);
  assert.match(html, /You can submit an incomplete report; unanswered questions show as &quot;No response&quot;|You can submit an incomplete report; unanswered questions show as "No response"/);
  assert.doesNotMatch(html, /No errors: the report can be submitted/);
  const links = [...summaryOf(html).body.matchAll(/<a href="([^"]+)"/g)].map(x => x[1]);
  assert.ok(links.some(l => l.endsWith('#v:coord.body.members:women')), links.join(' '));
  // Every link leads to an element of the section it names.
  for (const l of links) {
    const [path, anchor] = l.split('#');
    const target = await page(path.replaceAll('&amp;', '&'));
    assert.ok(ids(target.html).has(anchor), `#${anchor} on ${path}`);
  }
  assert.match(html, /<button type="submit" disabled aria-describedby="submit-why">/);
  assert.match(html, /id="submit-why"/);
});

test('the check page never says "No errors: the report can be submitted" with questions unanswered', async () => {
  const form = await page(`/reports/${id}/edit`);
  const csrf = form.html.match(/name="csrf" value="([^"]+)"/)[1];
  const rev = q => form.html.match(new RegExp(`name="rev:${q.replaceAll('.', '\\.')}" value="(\\d+)"`))[1];
  const body = new URLSearchParams({
    csrf, go: 'stay',
    'v:coord.body.members:women': '10', 'v:coord.body.members:men': '7', 'rev:coord.body.members': rev('coord.body.members'),
    'v:coord.poc:name': 'Jane Wanjiru', 'v:coord.poc:email': 'jane.wanjiru@example.org', 'rev:coord.poc': rev('coord.poc'),
  });
  const post = await fetch(`${srv.base}/reports/${id}/edit`, {
    method: 'POST', redirect: 'manual', body,
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(post.status, 303);
  const saved = await page(post.headers.get('location'));
  assert.match(saved.html, />Saved\.</);
  assert.doesNotMatch(saved.html, /<title>Error: /);
  const { html } = await page(`/reports/${id}/check`);
  assert.doesNotMatch(html, /<title>Error: /);
  assert.doesNotMatch(html, /class="error-summary"/);
  assert.doesNotMatch(html, /No errors: the report can be submitted/);
  assert.match(html, /questions are unanswered/);
  assert.match(html, /<button type="submit">/);
});
