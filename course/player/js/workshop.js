// A delegate's workshop pages: joining a room by its code (#/join, or ?code= from the QR code on the screen) and
// the room page, which follows the case the facilitator has opened.
import { api, session, ApiError } from './api.js';
import { html, when } from './html.js';
import { registrantFields } from './registrant-fields.js';
import { show, go, announce, showErrors, clearErrors, problemErrors } from './shell.js';

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

const FOLLOW_EVERY_MS = 3000;
let following;

/** The room: which case the facilitator has opened, followed while the page is open. */
export async function room(workshopId) {
  clearInterval(following);
  const state = await api.workshopSession(workshopId);
  const course = await api.course();
  const caseTitle = async (caseId) => {
    for (const moduleId of state.moduleIds) {
      const found = (await api.module(moduleId)).cases?.find((c) => c.id === caseId);
      if (found) return { moduleId, title: found.title };
    }
    return null;
  };
  const current = state.currentCaseId ? await caseTitle(state.currentCaseId) : null;
  const modules = course.modules.filter((m) => state.moduleIds.includes(m.id));
  const root = show({
    title: state.title,
    body: html`
      <h1>${state.title}</h1>
      <div id="room-status" class="nhsuk-inset-text">
        ${state.closed
          ? html`<p>This workshop has closed. Your answers and results are kept in your course.</p>`
          : current
            ? html`<p>The facilitator has opened <strong>${current.title}</strong>.</p>
                   <p><a class="nhsuk-button nhsuk-u-margin-bottom-0" href="#/modules/${current.moduleId}">Go to the case</a></p>`
            : html`<p>Wait for the facilitator to open the first case.</p>`}
      </div>
      ${when(state.selfPaced && !state.closed, () => html`<p>You may work ahead at your own pace.</p>`)}
      <h2>This workshop's modules</h2>
      <ul>${modules.map((m) => html`<li><a href="#/modules/${m.id}">${m.title}</a></li>`)}</ul>`,
  });
  if (state.closed) return;
  const path = location.hash;
  following = setInterval(async () => {
    if (location.hash !== path) return clearInterval(following);
    const now = await api.workshopSession(workshopId).catch(() => null);
    if (!now || (now.currentCaseId === state.currentCaseId && now.closed === state.closed && now.selfPaced === state.selfPaced)) return;
    clearInterval(following);
    const opened = now.currentCaseId && now.currentCaseId !== state.currentCaseId ? await caseTitle(now.currentCaseId) : null;
    await room(workshopId);
    if (opened) announce(`The facilitator has opened ${opened.title}.`);
  }, FOLLOW_EVERY_MS);
}
