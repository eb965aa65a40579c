// The case player: one node at a time, its interaction, the feedback after each answer, and resume.
//
// What the page shows is worked out from the attempt on the server (GET /api/attempts/{id}) and one
// remembered fact: the last answer whose feedback the delegate continued from. A reload (or another day)
// therefore shows the same node, or the same feedback when they answered but had not pressed Continue.
import { api, session, ApiError } from './api.js';
import { html, when, plural } from './html.js';
import { show, replace, showErrors, clearErrors, announce, problemErrors } from './shell.js';
import { postCard } from './post.js';
import { lms } from './lms.js';

const DECISIONS = new Set(['single-choice', 'true-false', 'multiple-response', 'select-text', 'reflection']);
const MAX_REFLECTION = 5000;
const findNode = (kase, nodeId) => kase.nodes.find((n) => n.id === nodeId);
// Whose conduct the case is about (the case's perspective), so the delegate reads it in the right role.
const PERSPECTIVES = {
  supervisor: 'You are the supervisor: you deal with someone else\'s conduct online',
  practitioner: 'Your own conduct, as a registrant',
  student: 'Your own conduct, as a student or trainee',
};

export async function player(attemptId, { focus = 'h1' } = {}) {
  const attempt = await api.attempt(attemptId);
  if (attempt.status === 'completed') return replace(`/attempts/${attemptId}/summary`);
  const module = await api.module(attempt.moduleId);
  const last = attempt.answers.at(-1);
  if (last) {
    const kase = await api.case(attempt.moduleId, last.caseId);
    const node = findNode(kase, last.nodeId);
    if (DECISIONS.has(node.type) && session.acknowledged(attemptId) !== `${last.caseId}/${last.nodeId}`)
      return render({ attempt, module, kase, node, answer: last }, focus === 'h1' ? 'h1' : '#feedback-heading');
  }
  if (!attempt.next) {
    await api.complete(attemptId);
    return replace(`/attempts/${attemptId}/summary`);
  }
  const kase = await api.case(attempt.moduleId, attempt.next.caseId);
  return render({ attempt, module, kase, node: findNode(kase, attempt.next.nodeId), debrief: last?.outcome.debrief }, 'h1');
}

function render(ctx, focus) {
  const { attempt, module, kase, node, answer } = ctx;
  const { caseNumber, caseCount } = attempt.progress;
  // At a case's ending its decisions are done: count it.
  const casesCompleted = attempt.progress.casesCompleted + (node.type === 'ending' ? 1 : 0);
  const label = answer ? 'Feedback' : { consequence: 'What happened next', ending: 'End of case' }[node.type] || 'Question';
  const root = show({
    title: `${label} – case ${kase.number} of ${kase.caseCount}: ${kase.title} – ${module.title}`,
    focus,
    body: html`
      <div class="player-progress">
        <p class="nhsuk-body-s player-progress__label" id="progress-label">${module.title}: case ${caseNumber} of ${caseCount}</p>
        <progress max="${caseCount}" value="${casesCompleted}" aria-labelledby="progress-label"
          aria-valuetext="${plural(casesCompleted, 'case')} of ${caseCount} complete"></progress>
      </div>
      <span class="nhsuk-caption-l">Case ${kase.number} of ${kase.caseCount}</span>
      <h1>${kase.title}</h1>
      ${intro(kase, node, answer)}
      ${when(node.scene, () => html`<p>${node.scene}</p>`)}
      ${NODES[node.type](kase, node, answer, ctx)}
      ${when(answer, () => feedback(node, answer))}
      <form id="node-form" novalidate>
        <button class="nhsuk-button" type="submit" id="submit">${buttonText(ctx)}</button>
      </form>`,
  });
  wire(root, ctx);
}

function buttonText({ attempt, node, answer }) {
  if (answer || node.type === 'consequence') return 'Continue';
  if (node.type === 'ending') return attempt.progress.caseNumber < attempt.progress.caseCount ? 'Continue to the next case' : 'Finish the module';
  if (node.type === 'reflection') return 'Save and continue';
  return 'Submit answer';
}

// The case's set-up: in full on its first node, folded away after that.
function intro(kase, node, answer) {
  const withPost = node.type !== 'select-text';
  const content = html`
    <dl class="player-facts">
      <div><dt>Setting</dt><dd>${kase.setting}</dd></div>
      <div><dt>You are</dt><dd>${kase.professional.name}, ${kase.professional.profession}${when(kase.professional.role, () => `, ${kase.professional.role}`)}</dd></div>
      ${when(PERSPECTIVES[kase.perspective], () => html`<div><dt>Your part</dt><dd>${PERSPECTIVES[kase.perspective]}</dd></div>`)}
    </dl>
    ${kase.narrative.map((p) => html`<p>${p}</p>`)}
    ${when(withPost && kase.post, () => postCard(kase.post))}`;
  if (node.id === kase.start && !answer) return content;
  return html`
    <details class="nhsuk-details">
      <summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Read the case again</span></summary>
      <div class="nhsuk-details__text">${content}</div>
    </details>`;
}

const legend = (text) => html`
  <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m"><h2 class="nhsuk-fieldset__heading">${text}</h2></legend>`;

function choices(kase, node, answer) {
  const chosen = answer ? (node.type === 'true-false' ? [String(answer.response.value)] : answer.response.choices) : [];
  const multiple = node.type === 'multiple-response';
  const kind = multiple ? 'checkboxes' : 'radios';
  return html`
    <div class="nhsuk-form-group">
      <fieldset class="nhsuk-fieldset"${when(multiple, () => html` aria-describedby="choices-hint"`)}${when(answer, () => html` disabled`)}>
        ${legend(node.prompt)}
        ${when(multiple, () => html`<div class="nhsuk-hint" id="choices-hint">Select all that apply</div>`)}
        <div class="nhsuk-${kind}" data-error-before>
          ${node.options.map((o) => html`
            <div class="nhsuk-${kind}__item">
              <input class="nhsuk-${kind}__input" id="option-${o.id}" name="choice" type="${multiple ? 'checkbox' : 'radio'}" value="${o.id}"${when(chosen.includes(o.id), () => html` checked`)}>
              <label class="nhsuk-label nhsuk-${kind}__label" for="option-${o.id}">${o.text}</label>
            </div>`)}
        </div>
      </fieldset>
    </div>`;
}

// Select-text: the markable phrases are toggle buttons (aria-pressed) inside the post itself, so a keyboard
// or screen reader user meets each phrase in its place in the text, as a sighted mouse user does; a live
// count says how many are marked. (A checkbox list would repeat the phrases out of their context.)
function selectText(kase, node, answer) {
  const selected = answer?.response.selected ?? [];
  const text = node.segments.map((s) => (s.id
    ? html`<button type="button" class="player-phrase" id="phrase-${s.id}" data-id="${s.id}" aria-pressed="${selected.includes(s.id)}"${when(answer, () => html` disabled`)}>${s.text}</button>`
    : s.text));
  const post = kase.post ?? { platform: 'Post', author: kase.professional.name };
  return html`
    <div class="nhsuk-form-group">
      <fieldset class="nhsuk-fieldset" aria-describedby="select-hint select-count">
        ${legend(node.prompt)}
        <div class="nhsuk-hint" id="select-hint">Each phrase you can mark is a button in the post. Select a phrase to mark it; select it again to unmark it.</div>
        <div data-error-before>${postCard(post, text)}</div>
        <p class="nhsuk-body-s player-count" id="select-count">${countText(selected.length)}</p>
      </fieldset>
    </div>`;
}
const countText = (n) => `${plural(n, 'phrase')} marked`;

function reflection(kase, node, answer) {
  if (answer) {
    return html`
      <h2 class="nhsuk-heading-m">${node.prompt}</h2>
      <div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Your reflection: </span><p class="player-reflection">${answer.response.text}</p></div>`;
  }
  return html`
    <div class="nhsuk-form-group nhsuk-character-count" data-module="nhsuk-character-count" data-maxlength="${MAX_REFLECTION}">
      <h2 class="nhsuk-label-wrapper"><label class="nhsuk-label nhsuk-label--m" for="reflection">${node.prompt}</label></h2>
      <div class="nhsuk-hint" id="reflection-hint">${node.hint || 'Write a few sentences in your own words. Reflections are not scored. Do not include anything that could identify a service user or colleague.'}</div>
      <textarea class="nhsuk-textarea nhsuk-js-character-count" id="reflection" name="reflection" rows="6" aria-describedby="reflection-info reflection-hint"></textarea>
      <div class="nhsuk-hint nhsuk-character-count__message" id="reflection-info">You can enter up to 5,000 characters</div>
    </div>`;
}

function consequence(kase, node) {
  return html`
    <div class="nhsuk-inset-text player-consequence">
      <p class="nhsuk-caption-m">What happened next</p>
      <h2 class="nhsuk-heading-m">${node.title}</h2>
      ${node.text.map((p) => html`<p>${p}</p>`)}
      ${when(node.message, () => postCard(node.message))}
    </div>`;
}

function ending(kase, node, answer, { debrief }) {
  return html`
    <div class="nhsuk-card player-ending">
      <div class="nhsuk-card__content">
        <p class="nhsuk-caption-m">End of the case</p>
        <h2 class="nhsuk-card__heading">${node.title}</h2>
        ${node.text.map((p) => html`<p>${p}</p>`)}
      </div>
    </div>
    ${when(debrief, () => html`
      <h2>What good looks like</h2>
      <p>${debrief.summary}</p>
      <h3>Questions to discuss with your colleagues or supervisor</h3>
      <ul class="nhsuk-list nhsuk-list--bullet">${debrief.discussionPrompts.map((q) => html`<li>${q}</li>`)}</ul>`)}`;
}

const NODES = {
  'single-choice': choices, 'true-false': choices, 'multiple-response': choices,
  'select-text': selectText, reflection, consequence, ending,
};

// Feedback after an answer: how it went, why, phrase by phrase where it applies, and the standards quoted.
function feedback(node, { outcome, response }) {
  const { heading, modifier } = !outcome.scored ? { heading: 'Your reflection is saved', modifier: 'info' }
    : outcome.correct ? { heading: 'Correct', modifier: 'correct' }
      : outcome.score > 0 ? { heading: 'Partly right', modifier: 'partly' }
        : { heading: 'Not the best choice', modifier: 'wrong' };
  const [did, doo] = node.type === 'select-text' ? ['marked', 'mark'] : ['chose', 'choose'];
  const chosenOption = node.type === 'single-choice' ? node.options.find((o) => o.id === response.choices[0])
    : node.type === 'true-false' ? node.options.find((o) => o.id === String(response.value)) : null;
  const citations = [...outcome.citations, ...(outcome.items ?? []).flatMap((i) => i.citations)]
    .filter((c, i, all) => all.findIndex((d) => d.id === c.id) === i);
  const itemNote = (i) => {
    if (i.chosen && i.correct) return `You ${did} this: right.`;
    if (i.chosen) return `You ${did} this, but you did not need to.`;
    if (i.correct) return `You did not ${doo} this, but it is one of them.`;
    return `You did not ${doo} this: right.`;
  };
  return html`
    <div class="nhsuk-card player-feedback player-feedback--${modifier}" id="feedback">
      <div class="nhsuk-card__content">
        <h2 class="nhsuk-card__heading" id="feedback-heading">${heading}</h2>
        ${when(outcome.scored, () => html`<p class="nhsuk-body-s">You scored ${outcome.score} of ${plural(outcome.maxScore, 'point')}.</p>`)}
        ${when(chosenOption, () => html`<p>You chose: <strong>${chosenOption.text}</strong></p>`)}
        ${when(outcome.feedback, () => html`<p>${outcome.feedback}</p>`)}
        ${when(outcome.items, () => html`
          <h3 class="nhsuk-heading-s">${node.type === 'select-text' ? 'Phrase by phrase' : 'Option by option'}</h3>
          <ul class="nhsuk-list player-items">
            ${outcome.items.map((i) => html`
              <li class="player-items__item player-items__item--${i.chosen === i.correct ? 'right' : 'wrong'}">
                <strong>${i.text}</strong><br>
                <span class="player-items__note">${itemNote(i)}</span> ${i.feedback}
              </li>`)}
          </ul>`)}
        ${when(citations.length, () => html`
          <h3 class="nhsuk-heading-s">What the standards say</h3>
          ${citations.map((c) => html`
            <figure class="player-quote">
              <blockquote><p>${c.quote}</p></blockquote>
              <figcaption>${c.attribution}</figcaption>
            </figure>`)}`)}
      </div>
    </div>`;
}

function wire(root, ctx) {
  const { attempt, kase, node, answer } = ctx;
  const attemptId = attempt.attemptId;
  const form = root.querySelector('#node-form');
  const button = form.querySelector('button');

  if (!answer && node.type === 'select-text') {
    root.querySelectorAll('.player-phrase').forEach((phrase) => phrase.addEventListener('click', () => {
      phrase.setAttribute('aria-pressed', String(phrase.getAttribute('aria-pressed') !== 'true'));
      const count = root.querySelectorAll('.player-phrase[aria-pressed="true"]').length;
      root.querySelector('#select-count').textContent = countText(count);
      announce(countText(count));
    }));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    if (answer) {
      session.acknowledge(attemptId, answer.caseId, answer.nodeId);
      return player(attemptId);
    }
    const { response, errors } = read(root, node);
    if (errors) return showErrors(root, errors);
    clearErrors(root);
    button.disabled = true;
    try {
      await api.answer(attemptId, kase.id, node.id, response);
      lms.progress(attemptId, `${kase.id}/${node.id}`);
      await player(attemptId, { focus: DECISIONS.has(node.type) ? 'feedback' : 'h1' });
    } catch (e) {
      button.disabled = false;
      if (e instanceof ApiError && e.status === 400) return showErrors(root, problemErrors(e, { response: firstControl(root) }));
      if (lms.sessionEnded(e)) return; // the LMS session ended: the answer was not recorded, and the page says why
      if (e instanceof ApiError && e.status === 409) return player(attemptId);
      throw e;
    }
  });
}

const firstControl = (root) => root.querySelector('input, textarea, .player-phrase')?.id ?? 'submit';

/** The answer in the API's shape, or the errors to show. */
function read(root, node) {
  const checked = [...root.querySelectorAll('input[name="choice"]:checked')].map((i) => i.value);
  const first = firstControl(root);
  switch (node.type) {
    case 'single-choice':
      return checked.length ? { response: { choices: checked } } : { errors: [{ id: first, message: 'Select an answer' }] };
    case 'true-false':
      return checked.length ? { response: { value: checked[0] === 'true' } } : { errors: [{ id: first, message: 'Select true or false' }] };
    case 'multiple-response':
      return checked.length ? { response: { choices: checked } } : { errors: [{ id: first, message: 'Select at least one option' }] };
    case 'select-text': {
      const selected = [...root.querySelectorAll('.player-phrase[aria-pressed="true"]')].map((b) => b.dataset.id);
      return selected.length ? { response: { selected } } : { errors: [{ id: first, message: 'Mark at least one phrase in the post' }] };
    }
    case 'reflection': {
      const text = root.querySelector('#reflection').value.trim();
      if (!text) return { errors: [{ id: 'reflection', message: 'Write your reflection before you continue' }] };
      if (text.length > MAX_REFLECTION) return { errors: [{ id: 'reflection', message: 'Your reflection must be 5,000 characters or fewer' }] };
      return { response: { text } };
    }
    default:
      return { response: {} };
  }
}
