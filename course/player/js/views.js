// The course's pages around the cases: overview, sign-in, dashboard, module page and module summary.
import { api, session, ApiError } from './api.js';
import { html, when, plural, percent } from './html.js';
import { registrantFields } from './registrant-fields.js';
import { show, go, replace, showErrors, clearErrors, problemErrors } from './shell.js';
import { embedded, launchId, lms } from './lms.js';
import { certificatePanel, wireDownloads } from './certificate.js';

const minutes = (n) => (n < 60 ? plural(n, 'minute') : `${plural(Math.floor(n / 60), 'hour')}${n % 60 ? ` ${plural(n % 60, 'minute')}` : ''}`);

const STATUS = {
  'not-started': ['Not started', 'nhsuk-tag--grey'],
  'in-progress': ['In progress', 'nhsuk-tag--blue'],
  passed: ['Passed', 'nhsuk-tag--green'],
  failed: ['Not passed', 'nhsuk-tag--red'],
};
const tag = (status, id) => html`<strong class="nhsuk-tag ${STATUS[status][1]}"${when(id, () => html` id="${id}"`)}>${STATUS[status][0]}</strong>`;

const summaryList = (rows) => html`
  <dl class="nhsuk-summary-list">
    ${rows.filter(Boolean).map(([key, value]) => html`
      <div class="nhsuk-summary-list__row">
        <dt class="nhsuk-summary-list__key">${key}</dt>
        <dd class="nhsuk-summary-list__value">${value}</dd>
      </div>`)}
  </dl>`;

/** The signed-in delegate, or null (a stale token is forgotten). */
export async function me() {
  if (!session.token) return null;
  try {
    const learner = await api.me();
    showAccount(learner);
    return learner;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) { session.signOut(); showAccount(null); return null; }
    throw e;
  }
}

export function showAccount(learner) {
  const nav = document.getElementById('account-nav');
  nav.hidden = !learner || embedded();
  document.getElementById('account-name').textContent = learner ? `Signed in as ${learner.name}` : '';
}

export async function overview() {
  const [course, learner] = await Promise.all([api.course(), me()]);
  show({
    title: 'Course overview',
    body: html`
      <h1>${course.title}</h1>
      <p class="nhsuk-lede-text">${course.description}</p>
      ${summaryList([
        ['Time', `About ${minutes(course.estimatedMinutes)}, in ${plural(course.modules.length, 'module')} you can take in any order`],
        ['CPD', `${minutes(course.cpdMinutes)} of learning for your CPD record`],
        ['Pass mark', `${percent(course.modules[0]?.passMark ?? 0.7)} in each module`],
      ])}
      ${learner
        ? html`<a class="nhsuk-button" href="#/dashboard">Go to your course</a>`
        : html`<a class="nhsuk-button" href="#/sign-in">Start now</a>`}
      <h2>What you will learn</h2>
      <ul class="nhsuk-list nhsuk-list--bullet">${course.learningOutcomes.map((o) => html`<li>${o}</li>`)}</ul>
      <h2>Modules</h2>
      <ol class="nhsuk-list player-module-list">
        ${course.modules.map((m, i) => html`
          <li class="nhsuk-card">
            <div class="nhsuk-card__content">
              <h3 class="nhsuk-card__heading nhsuk-heading-s">Module ${i + 1}: ${m.title}</h3>
              <p class="nhsuk-card__description">${m.summary}</p>
              <p class="nhsuk-body-s nhsuk-u-margin-bottom-0">${plural(m.caseCount, 'case')}, about ${minutes(m.estimatedMinutes)}</p>
            </div>
          </li>`)}
      </ol>`,
  });
}

export async function signIn() {
  if (await me()) return replace('/dashboard');
  const root = show({
    title: 'Sign in',
    body: html`
      <h1>Sign in to the course</h1>
      <p>Your name goes on your certificate. Your registration number and profession let you use the course as CPD evidence.</p>
      <form id="sign-in" novalidate>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="name">Full name</label>
          <input class="nhsuk-input" id="name" name="name" type="text" autocomplete="name" spellcheck="false" maxlength="100">
        </div>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label" for="email">Email address (optional)</label>
          <div class="nhsuk-hint" id="email-hint">Optional. Your signed credential identifies you by a salted hash of it, never the address itself</div>
          <input class="nhsuk-input" id="email" name="email" type="email" autocomplete="email" spellcheck="false" aria-describedby="email-hint">
        </div>
        ${registrantFields()}
        <button class="nhsuk-button" type="submit">Continue</button>
      </form>`,
  });
  const form = root.querySelector('#sign-in');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const details = Object.fromEntries(['name', 'email', 'registrationNumber', 'profession']
      .map((field) => [field, form.elements[field].value.trim() || null]));
    if (!details.name) return showErrors(root, [{ id: 'name', message: 'Enter your full name' }]);
    clearErrors(root);
    const button = form.querySelector('button');
    button.disabled = true;
    try {
      const { token } = await api.register(details);
      session.signIn(token);
      go('/dashboard');
    } catch (e) {
      button.disabled = false;
      if (!(e instanceof ApiError) || e.status !== 400) throw e;
      showErrors(root, problemErrors(e, { name: 'name', email: 'email', registrationNumber: 'registrationNumber', profession: 'profession' }));
    }
  });
}

async function requireLearner() {
  const learner = await me();
  if (!learner) replace('/sign-in');
  return learner;
}

export async function dashboard() {
  const learner = await requireLearner();
  if (!learner) return;
  const course = await api.course();
  const passed = learner.modules.filter((m) => m.status === 'passed').length;
  const current = learner.modules.find((m) => m.status === 'in-progress');
  const byId = Object.fromEntries(course.modules.map((m) => [m.id, m]));
  const certificate = passed === learner.modules.length ? await api.certificate().catch(() => null) : null;
  const root = show({
    title: 'Your course',
    body: html`
      <h1>Your course</h1>
      <p>Signed in as ${learner.name}${when(learner.registrationNumber, () => `, ${learner.registrationNumber}`)}${when(learner.profession, () => `, ${learner.profession}`)}.</p>
      <div class="player-progress">
        <p class="nhsuk-body-s player-progress__label" id="course-progress-label">You have passed ${passed} of ${plural(learner.modules.length, 'module')}</p>
        <progress max="${learner.modules.length}" value="${passed}" aria-labelledby="course-progress-label"></progress>
      </div>
      ${when(current, () => html`<a class="nhsuk-button" href="#/attempts/${current.attemptId}">Continue where you left off</a>`)}
      ${when(certificate, () => certificatePanel(certificate))}
      <h2>Modules</h2>
      <ul class="nhsuk-task-list">
        ${learner.modules.map((m) => html`
          <li class="nhsuk-task-list__item nhsuk-task-list__item--with-link">
            <div class="nhsuk-task-list__name-and-hint">
              <a class="nhsuk-link nhsuk-task-list__link" href="#/modules/${m.moduleId}" aria-describedby="${m.moduleId}-hint ${m.moduleId}-status">${m.title}</a>
              <div class="nhsuk-task-list__hint" id="${m.moduleId}-hint">
                ${plural(byId[m.moduleId]?.caseCount ?? 0, 'case')}, about ${minutes(byId[m.moduleId]?.estimatedMinutes ?? 0)}${when(m.scaled !== null && m.scaled !== undefined && m.status !== 'in-progress', () => `, best score ${percent(m.scaled)}`)}
              </div>
            </div>
            <div class="nhsuk-task-list__status">${tag(m.status, `${m.moduleId}-status`)}</div>
          </li>`)}
      </ul>`,
  });
  if (certificate) wireDownloads(root, certificate);
}

export async function modulePage(moduleId) {
  const [course, module, learner] = await Promise.all([api.course(), api.module(moduleId), me()]);
  const status = learner?.modules.find((m) => m.moduleId === moduleId);
  const number = course.modules.findIndex((m) => m.id === moduleId) + 1;
  const actions = () => {
    if (!learner) return html`<a class="nhsuk-button" href="#/sign-in">Sign in to start</a>`;
    if (status.status === 'in-progress') return html`<a class="nhsuk-button" href="#/attempts/${status.attemptId}">Continue the module</a>`;
    const start = html`<button class="nhsuk-button${when(status.status !== 'not-started', () => ' nhsuk-button--secondary')}" type="button" id="start">${status.status === 'not-started' ? 'Start the module' : 'Try the module again'}</button>`;
    return status.status === 'not-started'
      ? start
      : html`<div class="nhsuk-button-group"><a class="nhsuk-button" href="#/attempts/${status.attemptId}/summary">View your result</a>${start}</div>`;
  };
  const root = show({
    title: module.title,
    body: html`
      <span class="nhsuk-caption-l">Module ${number} of ${course.modules.length}</span>
      <h1>${module.title}</h1>
      <p class="nhsuk-lede-text">${module.summary}</p>
      ${summaryList([
        ['Time', `About ${minutes(module.estimatedMinutes)}`],
        ['Cases', String(module.cases.length)],
        ['Pass mark', percent(module.passMark)],
        status && ['Your progress', tag(status.status)],
      ])}
      ${actions()}
      <h2>By the end of this module you will be able to</h2>
      <ul class="nhsuk-list nhsuk-list--bullet">${module.learningOutcomes.map((o) => html`<li>${o}</li>`)}</ul>
      <h2>Cases</h2>
      <ol class="nhsuk-list nhsuk-list--number">
        ${module.cases.map((c) => html`<li><strong>${c.title}</strong>${when(c.teaser, () => html`<br><span class="nhsuk-body-s">${c.teaser}</span>`)}</li>`)}
      </ol>
      <h2>The standards it covers</h2>
      ${module.standards.map((s) => html`
        <figure class="player-quote">
          <blockquote><p>${s.quote}</p></blockquote>
          <figcaption>${s.attribution}</figcaption>
        </figure>`)}`,
  });
  root.querySelector('#start')?.addEventListener('click', async (event) => {
    event.target.disabled = true;
    const attempt = await api.start(moduleId, launchId());
    go(`/attempts/${attempt.attemptId}`);
  });
}

export async function summary(attemptId) {
  let attempt = await api.attempt(attemptId);
  if (!attempt.result) {
    if (attempt.next) return replace(`/attempts/${attemptId}`);
    await api.complete(attemptId);
    attempt = await api.attempt(attemptId);
  }
  const [module, learner] = await Promise.all([api.module(attempt.moduleId), me()]);
  const { result } = attempt;
  // Launched by an LMS, its pass mark decides (the server judged the attempt by it); Browse and Review have no verdict.
  const passMark = lms.passMark(module.passMark);
  const judged = lms.recordsResult();
  const headline = !judged ? 'Module finished' : result.passed ? 'Module passed' : 'Module not passed';
  const score = `${percent(result.scaled)} (${result.raw} of ${plural(result.max, 'point')})`;
  const next = learner?.modules.find((m) => m.status === 'not-started' || m.status === 'in-progress');
  const retry = lms.retriesFromLms()
    ? 'To try again, go back to your learning system and open the module again: a new attempt starts, and your learning system records its result.'
    : 'You can try the module again: your best result counts.';
  const root = show({
    title: `${headline}: ${module.title}`,
    body: html`
      <span class="nhsuk-caption-l">${module.title}</span>
      ${!judged
        ? html`<h1>${headline}</h1><div class="nhsuk-inset-text"><p>Your score: <strong id="score">${score}</strong>. You opened this module to look through it, so this is not recorded as a result and does not count toward your certificate.</p></div>`
        : result.passed
        ? html`<div class="nhsuk-panel"><h1 class="nhsuk-panel__title">${headline}</h1><div class="nhsuk-panel__body">Your score: <strong id="score">${score}</strong></div></div>`
        : html`<h1>${headline}</h1><div class="nhsuk-inset-text"><p>Your score: <strong id="score">${score}</strong>. You need ${percent(passMark)} to pass. ${retry}</p>${when(lms.doneWithoutPass(), () => html`
            <p id="move-on">Your learning system records this module as done: it asks you to finish it, not to pass it. The module does not count toward your certificate until you pass it.</p>`)}</div>`}
      ${summaryList([
        ['Score', score],
        ['Pass mark', percent(passMark)],
        judged && ['Result', result.passed ? 'Passed' : 'Not passed'],
        ['Questions answered', String(attempt.answers.filter((a) => a.outcome.scored).length)],
      ])}
      <div class="nhsuk-button-group">
        ${when(judged && !result.passed && lms.allowsRetry(), () => html`<button class="nhsuk-button" type="button" id="again">Try the module again</button>`)}
        ${when(judged && !result.passed && lms.retriesFromLms(), () => html`<button class="nhsuk-button" type="button" id="again-from-lms">Go back to your learning system to try again</button>`)}
        ${embedded()
          ? html`<button class="nhsuk-button${when(judged && !result.passed, () => ' nhsuk-button--secondary')}" type="button" id="exit">Exit module</button>`
          : html`
            ${when(result.passed && next, () => html`<a class="nhsuk-button" href="#/modules/${next.moduleId}">Next module: ${next.title}</a>`)}
            <a class="nhsuk-link" href="#/dashboard">Back to your course</a>`}
      </div>`,
  });
  // Inside an LMS: the result goes to the LMS (again on a reload: the same values), and Exit hands back to it.
  if (embedded()) {
    lms.result(attemptId, result);
    root.querySelector('#exit').addEventListener('click', () => lms.exit());
    root.querySelector('#again-from-lms')?.addEventListener('click', () => lms.exit());
  }
  root.querySelector('#again')?.addEventListener('click', async (event) => {
    event.target.disabled = true;
    const again = await api.start(attempt.moduleId, launchId());
    go(`/attempts/${again.attemptId}`);
  });
}

export function notFound() {
  show({
    title: 'Page not found',
    body: html`<h1>Page not found</h1><p>If you typed the web address, check it is correct.</p><p><a href="#/">Go to the course overview</a></p>`,
  });
}

export function failure(error) {
  show({
    title: 'Sorry, there is a problem',
    body: html`
      <h1>Sorry, there is a problem with the course</h1>
      <p>${error?.message || 'Something went wrong.'}</p>
      <p>Your answers so far are saved. <a href="${location.hash || '#/'}" id="retry">Try again</a> or <a href="#/dashboard">go to your course</a>.</p>`,
  });
  document.getElementById('retry')?.addEventListener('click', (e) => { e.preventDefault(); window.dispatchEvent(new HashChangeEvent('hashchange')); });
}
