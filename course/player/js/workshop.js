// A delegate's workshop pages: joining a room by its code (#/join, or ?code= from the QR code on the screen) and
// the room page, which follows the case the facilitator has opened.
import { api, session, ApiError } from './api.js';
import { html, when } from './html.js';
import { registrantFields } from './registrant-fields.js';
import { show, go, announce, showErrors, clearErrors, problemErrors } from './shell.js';
import { answerChart } from './chart.js';

const me = () => (session.token ? api.me().catch(() => null) : Promise.resolve(null));

/** The code the QR link carried, if any. */
const codeFromLink = () => new URLSearchParams(location.search).get('code') || '';

export async function join() {
  const learner = await me();
  const root = show({
    title: 'Join a workshop',
    body: html`
      <h1>Join a workshop</h1>
      <p>Enter the join code shown on the facilitator's screen.${when(learner, () => html` You are joining as ${learner.name}.`)}</p>
      <form id="join" novalidate>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="code">Join code</label>
          <div class="nhsuk-hint" id="code-hint">8 letters and numbers, for example ACDE-FGHJ</div>
          <input class="nhsuk-input nhsuk-input--width-10" id="code" name="code" type="text" autocomplete="off" autocapitalize="characters"
            spellcheck="false" maxlength="20" aria-describedby="code-hint" value="${codeFromLink()}">
        </div>
        ${when(!learner, () => html`
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="name">Full name</label>
          <div class="nhsuk-hint" id="name-hint">As it should appear on your certificate. The room's screen never shows names</div>
          <input class="nhsuk-input" id="name" name="name" type="text" autocomplete="name" spellcheck="false" maxlength="100" aria-describedby="name-hint">
        </div>
        ${registrantFields()}`)}
        <button class="nhsuk-button" type="submit">Join</button>
      </form>`,
  });
  const form = root.querySelector('#join');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = (field) => form.elements[field]?.value.trim() || null;
    const details = { code: value('code'), name: value('name'), registrationNumber: value('registrationNumber'), profession: value('profession') };
    const missing = [];
    if (!details.code) missing.push({ id: 'code', message: 'Enter the join code shown on the screen' });
    if (!learner && !details.name) missing.push({ id: 'name', message: 'Enter your full name' });
    if (missing.length) return showErrors(root, missing);
    clearErrors(root);
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const joined = await api.joinWorkshop(details);
      if (joined.token) session.signIn(joined.token);
      go(`/workshops/${joined.workshopId}`);
    } catch (e) {
      button.disabled = false;
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 400) return showErrors(root, problemErrors(e, { code: 'code', name: 'name', registrationNumber: 'registrationNumber', profession: 'profession' }));
      if ([404, 410, 429].includes(e.status)) return showErrors(root, [{ id: 'code', message: e.message }]);
      throw e;
    }
  });
}

const FOLLOW_EVERY_MS = 2000;
let following = null;

/** Which module of the workshop holds the case. */
async function moduleOf(moduleIds, caseId) {
  for (const moduleId of moduleIds) {
    const found = (await api.module(moduleId)).cases?.find((c) => c.id === caseId);
    if (found) return { moduleId, title: found.title };
  }
  return null;
}

/** Takes the delegate to the case the facilitator opened: their attempt at the module moves there, or one begins there. */
async function openRoomCase(moduleIds, caseId) {
  const where = await moduleOf(moduleIds, caseId);
  if (!where) return;
  const learner = await api.me();
  const status = learner.modules.find((m) => m.moduleId === where.moduleId);
  if (status?.status === 'in-progress') {
    try { await api.openCase(status.attemptId, caseId); } catch (e) {
      // Already begun in this attempt: carry on where they are in it.
      if (!(e instanceof ApiError) || e.status !== 409) throw e;
    }
    return go(`/attempts/${status.attemptId}`);
  }
  const started = await api.start(where.moduleId, null, caseId);
  go(`/attempts/${started.attemptId}`);
}

const revealedKey = (r) => `${r.caseId}/${r.nodeId}`;

/**
 * Follows the room from any page of the delegate's own (the room page, the case player): when the facilitator opens
 * a case and the room is not self-paced, the player goes there; when the room's answers to a question they answered
 * are revealed, a notice links to them.
 */
function follow(workshopId, state) {
  if (following?.workshopId === workshopId) { following.state = state; return; }
  if (following) clearInterval(following.timer);
  following = { workshopId, state, timer: null };
  following.timer = setInterval(async () => {
    const here = location.hash;
    if (!here.startsWith(`#/workshops/${workshopId}`) && !here.startsWith('#/attempts/')) { clearInterval(following.timer); following = null; return; }
    const before = following.state;
    const now = await api.workshopRoom(workshopId).catch(() => null);
    if (!now || following?.workshopId !== workshopId) return;
    now.moduleIds = before.moduleIds;
    following.state = now;
    if (now.closed) { clearInterval(following.timer); following = null; }
    const onRoomPage = here === `#/workshops/${workshopId}`;
    if (now.currentCaseId && now.currentCaseId !== before.currentCaseId && !now.selfPaced && !now.closed) {
      const opened = await moduleOf(now.moduleIds, now.currentCaseId);
      await openRoomCase(now.moduleIds, now.currentCaseId);
      if (opened) announce(`The facilitator has opened ${opened.title}.`);
      return;
    }
    const seen = new Set(before.revealed.map(revealedKey));
    const fresh = now.revealed.filter((r) => !seen.has(revealedKey(r)));
    const changed = JSON.stringify(now.revealed) !== JSON.stringify(before.revealed) || now.closed !== before.closed || now.selfPaced !== before.selfPaced;
    if (onRoomPage && changed) return room(workshopId, { keepFocus: true });
    if (fresh.length && !onRoomPage) {
      document.getElementById('room-notice')?.remove();
      document.getElementById('app').insertAdjacentHTML('afterbegin', String(html`
        <div class="nhsuk-inset-text nhsuk-u-margin-top-0" id="room-notice">
          <p>The facilitator has shown how the room answered. <a href="#/workshops/${workshopId}">See the room's answers</a></p>
        </div>`));
      announce('The facilitator has shown how the room answered.');
    }
  }, FOLLOW_EVERY_MS);
}

/** The room: the case the facilitator has opened, and how the room answered the questions they revealed. */
export async function room(workshopId, { keepFocus = false } = {}) {
  const state = await api.workshopRoom(workshopId);
  const session = await api.workshopSession(workshopId);
  state.moduleIds = session.moduleIds;
  const course = await api.course();
  const current = state.currentCaseId ? await moduleOf(state.moduleIds, state.currentCaseId) : null;
  const modules = course.modules.filter((m) => state.moduleIds.includes(m.id));
  const charts = [];
  for (const r of state.revealed) {
    const where = await moduleOf(state.moduleIds, r.caseId);
    const kase = where ? await api.case(where.moduleId, r.caseId) : null;
    const node = kase?.nodes.find((n) => n.id === r.nodeId);
    charts.push(html`
      <h3>${kase?.title || r.caseId}: ${node?.prompt || r.nodeId}</h3>
      ${answerChart({ id: `room-${r.caseId}-${r.nodeId}`, question: node?.prompt || r.nodeId, node, counts: r })}`);
  }
  const focused = keepFocus ? document.activeElement?.id : null;
  const root = show({
    title: state.title,
    focus: keepFocus ? null : 'h1',
    body: html`
      <h1>${state.title}</h1>
      <div id="room-status" class="nhsuk-inset-text">
        ${state.closed
          ? html`<p>This workshop has closed. Your answers and results are kept in your course.</p>`
          : current
            ? html`<p>The facilitator has opened <strong>${current.title}</strong>.</p>
                   <p><button class="nhsuk-button nhsuk-u-margin-bottom-0" type="button" id="go-to-case">Go to the case</button></p>`
            : html`<p>Wait for the facilitator to open the first case. This page follows the room: it takes you to each case when it opens.</p>`}
      </div>
      ${when(state.selfPaced && !state.closed, () => html`<p>You may work ahead at your own pace.</p>`)}
      <h2>How the room answered</h2>
      ${charts.length
        ? charts
        : html`<p id="no-reveals">When the facilitator shows the room's answers to a question you have answered, they appear here. Nobody's name is ever shown.</p>`}
      <h2>This workshop's modules</h2>
      <ul>${modules.map((m) => html`<li><a href="#/modules/${m.id}">${m.title}</a></li>`)}</ul>`,
  });
  if (focused) document.getElementById(focused)?.focus();
  root.querySelector('#go-to-case')?.addEventListener('click', () => openRoomCase(state.moduleIds, state.currentCaseId));
  if (!state.closed) follow(workshopId, state);
}
