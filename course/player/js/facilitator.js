// The facilitator's pages: signing in with their own token (#/facilitator), the projector page
// (#/workshops/{id}/screen: join code, QR code, the case and question on screen, the room's answers live, the
// controls, discussion prompts and notes) and the roster (#/workshops/{id}/roster: names, so never on the screen).
import { api, facilitatorApi, session, ApiError } from './api.js';
import { html, when, plural } from './html.js';
import { show, go, showErrors, clearErrors } from './shell.js';
import { answerChart } from './chart.js';

const signedIn = () => Boolean(session.facilitatorToken);

/** #/facilitator: the sign-in form, or once signed in the facilitator's workshops. */
export async function facilitator() {
  const workshops = signedIn() ? await facilitatorApi.workshops().catch((e) => { if (e.status === 401 || e.status === 403) { session.facilitatorSignOut(); return null; } throw e; }) : null;
  if (workshops) {
    const root = show({
      title: 'Your workshops',
      body: html`
        <h1>Your workshops</h1>
        ${workshops.length
          ? html`<table class="nhsuk-table">
              <caption class="nhsuk-table__caption">Workshops you run, newest first</caption>
              <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
                <th scope="col" class="nhsuk-table__header">Workshop</th><th scope="col" class="nhsuk-table__header">Join code</th>
                <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Delegates</th><th scope="col" class="nhsuk-table__header">Pages</th>
              </tr></thead>
              <tbody class="nhsuk-table__body">${workshops.map((w) => html`<tr class="nhsuk-table__row">
                <td class="nhsuk-table__cell">${w.title}${when(w.closedAt, () => ' (closed)')}</td>
                <td class="nhsuk-table__cell">${w.joinCode}</td>
                <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${w.delegates}</td>
                <td class="nhsuk-table__cell"><a href="#/workshops/${w.id}/screen">Screen<span class="nhsuk-u-visually-hidden"> for ${w.title}</span></a>
                  · <a href="#/workshops/${w.id}/roster">Roster<span class="nhsuk-u-visually-hidden"> for ${w.title}</span></a></td>
              </tr>`)}</tbody>
            </table>`
          : html`<p>You have no workshops yet. Create one with POST /api/workshops (README, "Run a workshop").</p>`}
        <button class="nhsuk-button nhsuk-button--secondary" type="button" id="facilitator-sign-out">Sign out as facilitator</button>`,
    });
    root.querySelector('#facilitator-sign-out').addEventListener('click', () => { session.facilitatorSignOut(); facilitator(); });
    return;
  }
  const root = show({
    title: 'Sign in as a facilitator',
    body: html`
      <h1>Sign in as a facilitator</h1>
      <p>Use the facilitator token your administrator gave you. It is kept in this browser until you sign out.</p>
      <form id="facilitator-sign-in" novalidate>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="token">Facilitator token</label>
          <input class="nhsuk-input" id="token" name="token" type="password" autocomplete="off" spellcheck="false" maxlength="200">
        </div>
        <button class="nhsuk-button" type="submit">Sign in</button>
      </form>`,
  });
  const form = root.querySelector('#facilitator-sign-in');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = form.elements.token.value.trim();
    if (!token) return showErrors(root, [{ id: 'token', message: 'Enter your facilitator token' }]);
    clearErrors(root);
    session.facilitatorSignIn(token);
    try { await facilitatorApi.workshops(); } catch (e) {
      session.facilitatorSignOut();
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return showErrors(root, [{ id: 'token', message: 'That token does not sign in a facilitator. Check it, or ask your administrator for a new one' }]);
      throw e;
    }
    const next = new URLSearchParams(location.hash.split('?')[1] || '').get('next');
    // Signing in on #/facilitator itself is no change of address, so the list is drawn here.
    if (next && next.startsWith('/workshops/')) go(next); else facilitator();
  });
}

const needSignIn = (path) => { go(`/facilitator?next=${encodeURIComponent(path)}`); };

/** The workshop's cases in order, with the module each belongs to. */
async function casesOf(workshop) {
  const out = [];
  for (const moduleId of workshop.moduleIds) for (const c of (await api.module(moduleId)).cases) out.push({ ...c, moduleId });
  return out;
}

const DECISION_TYPES = new Set(['single-choice', 'true-false', 'multiple-response', 'select-text']);
let streaming = null;

/** A facilitator's page whose token has stopped working (revoked, or from another API) asks for it again. */
const facilitatorPage = (page) => async (workshopId) => {
  try { return await page(workshopId); } catch (e) {
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 403)) throw e;
    session.facilitatorSignOut();
    return needSignIn(location.hash.slice(1));
  }
};

/** #/workshops/{id}/screen: what the room sees, and the facilitator's controls. */
export const screen = facilitatorPage(async (workshopId) => {
  if (!signedIn()) return needSignIn(`/workshops/${workshopId}/screen`);
  streaming?.abort();
  const [workshop, qr] = await Promise.all([facilitatorApi.workshop(workshopId), facilitatorApi.qrCode(workshopId)]);
  const cases = await casesOf(workshop);
  const view = { workshop, distribution: await facilitatorApi.distribution(workshopId), kase: null, nodeIndex: 0 };
  const loadCase = async () => {
    view.kase = view.distribution.currentCaseId ? await facilitatorApi.fullCase(view.distribution.currentCaseId) : null;
    view.nodeIndex = 0;
  };
  await loadCase();
  const questions = () => (view.kase?.nodes || []).filter((n) => DECISION_TYPES.has(n.type));

  const root = show({
    title: `Screen: ${workshop.title}`,
    body: html`
      <div class="room-screen">
        <h1>${workshop.title}</h1>
        <section class="room-screen__join" aria-labelledby="join-heading">
          <h2 id="join-heading">Join on your phone</h2>
          <p class="room-screen__code-label">Join code</p>
          <p class="room-screen__code" id="join-code">${workshop.joinCode}</p>
          <img class="room-screen__qr" src="${qr}" alt="QR code that opens the join page with code ${workshop.joinCode}" width="220" height="220">
          <p class="nhsuk-body-s">Or go to <span class="room-screen__url">${workshop.joinUrl}</span></p>
          <p id="delegates">${plural(workshop.delegates, 'delegate')} joined</p>
        </section>
        <section class="room-screen__controls" aria-labelledby="controls-heading">
          <h2 id="controls-heading">Controls</h2>
          <form id="open-case" novalidate>
            <div class="nhsuk-form-group">
              <label class="nhsuk-label" for="case-select">Case to open for the room</label>
              <select class="nhsuk-select" id="case-select" name="caseId">
                ${cases.map((c) => html`<option value="${c.id}"${when(c.id === view.distribution.currentCaseId, () => ' selected')}>${c.title}</option>`)}
              </select>
            </div>
            <button class="nhsuk-button" type="submit" id="open-case-button">Open this case</button>
          </form>
          <div class="nhsuk-button-group" id="question-controls">
            <button class="nhsuk-button nhsuk-button--secondary" type="button" id="previous-question">Previous question</button>
            <button class="nhsuk-button nhsuk-button--secondary" type="button" id="next-question">Next question</button>
            <button class="nhsuk-button" type="button" id="reveal">Reveal the room's answers</button>
          </div>
          <p id="control-status" role="status"></p>
        </section>
        <section class="room-screen__current" aria-labelledby="current-heading" id="current"></section>
        <p><a href="#/workshops/${workshopId}/roster">Roster (names: not for the shared screen)</a></p>
      </div>`,
  });

  const status = (message) => { root.querySelector('#control-status').textContent = message; };
  const counts = (caseId, nodeId) => view.distribution.cases.find((c) => c.caseId === caseId)?.nodes.find((n) => n.nodeId === nodeId);
  const isRevealed = (caseId, nodeId) => view.distribution.revealed.some((r) => r.caseId === caseId && r.nodeId === nodeId);

  function drawCurrent() {
    const section = root.querySelector('#current');
    const kase = view.kase;
    const list = questions();
    const node = list[view.nodeIndex];
    // aria-disabled, not disabled: a control that stops working while focused must keep the keyboard's focus.
    root.querySelector('#previous-question').setAttribute('aria-disabled', String(!node || view.nodeIndex === 0));
    root.querySelector('#next-question').setAttribute('aria-disabled', String(!node || view.nodeIndex >= list.length - 1));
    root.querySelector('#reveal').setAttribute('aria-disabled', String(!node));
    root.querySelector('#reveal').textContent = node && isRevealed(kase.id, node.id) ? 'Answers revealed to the room' : 'Reveal the room\'s answers';
    section.innerHTML = String(kase
      ? html`
        <h2 id="current-heading">Case open now: ${kase.title}</h2>
        ${node
          ? html`<h3 id="question-heading">Question ${view.nodeIndex + 1} of ${list.length}: ${node.prompt}</h3>
                 <div id="chart">${answerChart({ id: 'screen-chart', question: node.prompt, node, counts: counts(kase.id, node.id) || { answered: 0, options: [] } })}</div>
                 <p id="revealed-state">${isRevealed(kase.id, node.id) ? 'Delegates who answered can now see these counts.' : 'Delegates do not see these counts until you reveal them.'}</p>`
          : html`<p>This case has no questions to count.</p>`}
        <h3>Discussion prompts</h3>
        <ul>${kase.discussionPrompts.map((p) => html`<li>${p}</li>`)}</ul>
        <h3>Facilitator notes</h3>
        <p>${kase.summary}</p>
        <p><strong>Best response:</strong> ${kase.bestResponse}</p>`
      : html`<h2 id="current-heading">No case open yet</h2><p>Choose a case and open it for the room.</p>`);
  }
  drawCurrent();

  root.querySelector('#open-case').addEventListener('submit', async (event) => {
    event.preventDefault();
    const caseId = root.querySelector('#case-select').value;
    await facilitatorApi.openCase(workshopId, caseId);
    view.distribution = await facilitatorApi.distribution(workshopId);
    await loadCase();
    drawCurrent();
    status(`Opened ${view.kase.title} for the room.`);
  });
  const enabled = (id) => root.querySelector(id).getAttribute('aria-disabled') !== 'true';
  const move = (by) => {
    if (!enabled(by < 0 ? '#previous-question' : '#next-question')) return;
    view.nodeIndex += by;
    drawCurrent();
    status(`Showing question ${view.nodeIndex + 1} of ${questions().length}.`);
  };
  root.querySelector('#previous-question').addEventListener('click', () => move(-1));
  root.querySelector('#next-question').addEventListener('click', () => move(1));
  root.querySelector('#reveal').addEventListener('click', async () => {
    const node = questions()[view.nodeIndex];
    if (!node) return;
    view.distribution = await facilitatorApi.reveal(workshopId, view.kase.id, node.id);
    drawCurrent();
    status('The room\'s answers to this question are revealed to delegates who answered it.');
  });

  const controller = new AbortController();
  streaming = controller;
  const path = location.hash;
  window.addEventListener('hashchange', () => { if (location.hash !== path) controller.abort(); }, { once: true });
  facilitatorApi.follow(workshopId, async (distribution) => {
    const caseChanged = distribution.currentCaseId !== view.distribution.currentCaseId;
    view.distribution = distribution;
    if (caseChanged) { await loadCase(); root.querySelector('#case-select').value = distribution.currentCaseId; }
    drawCurrent();
    facilitatorApi.workshop(workshopId).then((w) => { root.querySelector('#delegates').textContent = `${plural(w.delegates, 'delegate')} joined`; }).catch(() => {});
  }, controller.signal).catch((e) => { if (e.status === 401) needSignIn(path.slice(1)); else status(e.message); });
});

/** #/workshops/{id}/roster: who joined, where each is, done or not. */
export const roster = facilitatorPage(async (workshopId) => {
  if (!signedIn()) return needSignIn(`/workshops/${workshopId}/roster`);
  const [workshop, list] = await Promise.all([facilitatorApi.workshop(workshopId), facilitatorApi.roster(workshopId)]);
  const joined = (at) => new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
  show({
    title: `Roster: ${workshop.title}`,
    body: html`
      <h1>Roster: ${workshop.title}</h1>
      <p>${plural(list.delegates, 'delegate')} joined; ${list.done} done. This page names people: keep it off the shared screen.</p>
      <table class="nhsuk-table">
        <caption class="nhsuk-table__caption">Delegates, in the order they joined</caption>
        <thead class="nhsuk-table__head"><tr class="nhsuk-table__row">
          <th scope="col" class="nhsuk-table__header">Name</th><th scope="col" class="nhsuk-table__header">Joined</th>
          <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">Questions answered</th>
          <th scope="col" class="nhsuk-table__header">Where now</th><th scope="col" class="nhsuk-table__header">Done</th>
        </tr></thead>
        <tbody class="nhsuk-table__body">${list.people.map((p) => html`<tr class="nhsuk-table__row">
          <th scope="row" class="nhsuk-table__cell">${p.name}</th>
          <td class="nhsuk-table__cell">${joined(p.joinedAt)}</td>
          <td class="nhsuk-table__cell nhsuk-table__cell--numeric">${p.answered}</td>
          <td class="nhsuk-table__cell">${p.at ? `${p.atModuleId}: case ${p.at.caseId}, node ${p.at.nodeId}` : 'Not in a case'}</td>
          <td class="nhsuk-table__cell">${p.done ? 'Yes' : 'Not yet'}</td>
        </tr>`)}</tbody>
      </table>
      <p><a href="#/workshops/${workshopId}/screen">Back to the screen</a></p>`,
  });
});
