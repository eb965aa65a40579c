// The page shell: showing a page (title, one h1, focus), in-page announcements and the NHS error summary.
import { initAll, ErrorSummary } from '../nhsuk/nhsuk-frontend.min.js';
import { html } from './html.js';

export const COURSE_TITLE = 'Social media and your professional standards';

const app = () => document.getElementById('app');
let firstPage = true;

export const go = (path) => { location.hash = `#${path}`; };
export const replace = (path) => { history.replaceState(null, '', `#${path}`); window.dispatchEvent(new HashChangeEvent('hashchange')); };

/**
 * Shows a page: sets its title, renders its body and moves focus to its heading (or `focus`), so that a
 * screen reader announces the new page as a whole. The first page of a visit keeps the browser's own focus;
 * `focus: null` (the same page redrawn with new figures) leaves focus to the caller.
 */
export function show({ title, body, focus = 'h1' }) {
  const root = app();
  root.innerHTML = String(body);
  root.removeAttribute('aria-busy');
  document.title = `${title} – ${COURSE_TITLE}`;
  initAll({ scope: root, onError: () => {} });
  const target = focus === null ? null : root.querySelector(focus) || root.querySelector('h1');
  if (!firstPage && target) {
    if (!target.matches('a, button, input, textarea, select')) target.tabIndex = -1;
    target.focus({ preventScroll: focus === 'h1' });
    if (focus === 'h1') window.scrollTo(0, 0);
  }
  firstPage = false;
  return root;
}

let announceTimer;
/** Reads a short message out through the polite live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  clearTimeout(announceTimer);
  // A fresh text node after a tick is announced even when the message repeats.
  announceTimer = setTimeout(() => { region.textContent = message; }, 50);
}

export function clearErrors(scope) {
  scope.querySelector('.nhsuk-error-summary')?.remove();
  scope.querySelectorAll('.nhsuk-form-group--error').forEach((group) => group.classList.remove('nhsuk-form-group--error'));
  scope.querySelectorAll('.nhsuk-error-message').forEach((message) => {
    document.querySelectorAll(`[aria-describedby~="${message.id}"]`).forEach((el) => {
      const ids = el.getAttribute('aria-describedby').split(' ').filter((id) => id !== message.id);
      if (ids.length) el.setAttribute('aria-describedby', ids.join(' ')); else el.removeAttribute('aria-describedby');
    });
    message.remove();
  });
  scope.querySelectorAll('.nhsuk-input--error, .nhsuk-textarea--error')
    .forEach((el) => el.classList.remove('nhsuk-input--error', 'nhsuk-textarea--error'));
  document.title = document.title.replace(/^Error: /, '');
}

/**
 * The NHS error-summary pattern: a summary above the page heading linking to each field, an inline message
 * in each field's group, "Error: " before the page title, and focus on the summary.
 * `errors` is [{ id, message }], where id is the field (or first option) the summary links to.
 */
export function showErrors(scope, errors) {
  clearErrors(scope);
  for (const { id, message } of errors) {
    const control = scope.querySelector(`#${CSS.escape(id)}`);
    const group = control?.closest('.nhsuk-form-group');
    if (!group) continue;
    group.classList.add('nhsuk-form-group--error');
    const messageId = `${id}-error`;
    const before = group.querySelector('[data-error-before]') || control;
    before.insertAdjacentHTML('beforebegin', String(
      html`<span class="nhsuk-error-message" id="${messageId}"><span class="nhsuk-u-visually-hidden">Error:</span> ${message}</span>`));
    const described = group.querySelector('fieldset') || control;
    described.setAttribute('aria-describedby', [messageId, described.getAttribute('aria-describedby')].filter(Boolean).join(' '));
    if (control.matches('.nhsuk-input')) control.classList.add('nhsuk-input--error');
    if (control.matches('.nhsuk-textarea')) control.classList.add('nhsuk-textarea--error');
  }
  const summary = html`
    <div class="nhsuk-error-summary" data-module="nhsuk-error-summary">
      <div role="alert">
        <h2 class="nhsuk-error-summary__heading">There is a problem</h2>
        <div class="nhsuk-error-summary__body">
          <ul class="nhsuk-list nhsuk-error-summary__list">
            ${errors.map((e) => html`<li><a href="#${e.id}">${e.message}</a></li>`)}
          </ul>
        </div>
      </div>
    </div>`;
  const root = app();
  root.insertAdjacentHTML('afterbegin', String(summary));
  document.title = `Error: ${document.title}`;
  // NHS.UK's ErrorSummary focuses the summary and, on a link, focuses the field and scrolls its label into view.
  new ErrorSummary(root.querySelector('.nhsuk-error-summary'));
}

/** Field errors from a ProblemDetails reply ({field: [messages]}), mapped to the page's field ids. */
export const problemErrors = (error, fields) =>
  Object.entries(error.errors || {}).map(([field, messages]) => ({ id: fields[field] || Object.values(fields)[0], message: messages[0] }));
