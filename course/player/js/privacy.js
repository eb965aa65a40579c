// The privacy notice (#/privacy): what is kept about a delegate, why, for how long, and their rights to download it
// and have it erased (GET /api/learners/me/data, DELETE /api/learners/me).
import { api, session } from './api.js';
import { html, when, plural } from './html.js';
import { show, announce } from './shell.js';
import { me, showAccount } from './views.js';

const KEPT = [
  ['Your details', 'Your name, and if you give them, your email address, professional registration number and profession. They are printed on your certificate.'],
  ['Your answers', 'Every answer you give in the cases, including what you write in reflections, and your scores. They decide whether you pass each module.'],
  ['Your certificate', 'A copy of the certificate and its signed credential, so that anyone you show it to can check it is genuine.'],
  ['Workshops', 'The workshops you joined and how many questions you answered there. The room only ever sees counts, never who answered what.'],
  ['Learning records', 'Records of your learning activity (xAPI statements), sent to your organisation\'s learning record store and, if you came from a learning management system, to it.'],
];

const keptFor = (days) => (days > 0
  ? html`<p>If you do not use the course for ${plural(days, 'day')}, everything we hold about you is erased automatically, as if you had asked.</p>`
  : html`<p>We keep it until you erase it here, or ask your organisation to erase it for you.</p>`);

export async function privacy() {
  const [policy, learner] = await Promise.all([api.privacy(), me()]);
  const root = show({
    title: 'Privacy',
    body: html`
      <h1>Privacy: your data on this course</h1>
      <p class="nhsuk-lede-text">What we keep about you, why we keep it, for how long, and how to download or erase it.</p>

      <h2>What we keep</h2>
      <dl class="nhsuk-summary-list">
        ${KEPT.map(([key, value]) => html`
          <div class="nhsuk-summary-list__row">
            <dt class="nhsuk-summary-list__key">${key}</dt>
            <dd class="nhsuk-summary-list__value">${value}</dd>
          </div>`)}
      </dl>

      <h2>Why we keep it</h2>
      <p>To run the course for you: to let you carry on where you left off, to decide whether you have passed, to issue
        your certificate and CPD evidence, and to let your organisation see that you have completed your training.
        We never use it for anything else, and we do not sell or share it.</p>

      <h2>How long we keep it</h2>
      ${keptFor(policy.retentionDays)}
      <p>Learning records already sent to a learning record store are kept there by your organisation. Ask them to erase those too.</p>

      <h2>Download your data</h2>
      ${learner
        ? html`<p>A file (JSON) with everything we hold about you, at any time.</p>
          <button class="nhsuk-button nhsuk-button--secondary" type="button" id="download-data">Download your data</button>`
        : html`<p><a class="nhsuk-link" href="#/sign-in">Sign in</a> to download or erase your data.</p>`}

      ${when(learner, () => html`
        <h2>Erase your data</h2>
        <div class="nhsuk-warning-callout">
          <h3 class="nhsuk-warning-callout__label"><span role="text"><span class="nhsuk-u-visually-hidden">Important: </span>This cannot be undone</span></h3>
          <p>Your details, answers and reflections are deleted, your certificate is withdrawn (checking it will say so),
            your learning records here are made anonymous, and you are signed out on every device.
            Download your data and your certificate first if you want to keep them.</p>
        </div>
        <button class="nhsuk-button nhsuk-button--warning" type="button" id="erase-data">Erase your data</button>
        <div id="erase-confirm" hidden>
          <p>Are you sure? Everything listed above is erased at once.</p>
          <div class="nhsuk-button-group">
            <button class="nhsuk-button nhsuk-button--warning" type="button" id="erase-confirmed">Yes, erase my data</button>
            <button class="nhsuk-button nhsuk-button--secondary" type="button" id="erase-cancel">No, keep my data</button>
          </div>
        </div>`)}
    `,
  });
  if (!learner) return;

  root.querySelector('#download-data').addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      const data = await api.myData();
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: 'my-data.json', hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      announce('Your data has been downloaded.');
    } catch (error) {
      announce(`Sorry, the download failed: ${error.message}`);
    } finally {
      event.target.disabled = false;
    }
  });

  const confirm = root.querySelector('#erase-confirm');
  root.querySelector('#erase-data').addEventListener('click', (event) => {
    event.target.hidden = true;
    confirm.hidden = false;
    root.querySelector('#erase-confirmed').focus();
  });
  root.querySelector('#erase-cancel').addEventListener('click', () => {
    confirm.hidden = true;
    root.querySelector('#erase-data').hidden = false;
    root.querySelector('#erase-data').focus();
  });
  root.querySelector('#erase-confirmed').addEventListener('click', async (event) => {
    event.target.disabled = true;
    try {
      await api.eraseMe();
    } catch (error) {
      event.target.disabled = false;
      announce(`Sorry, your data could not be erased: ${error.message}`);
      return;
    }
    session.signOut();
    showAccount(null);
    show({
      title: 'Your data has been erased',
      body: html`
        <div class="nhsuk-panel">
          <h1 class="nhsuk-panel__title">Your data has been erased</h1>
          <div class="nhsuk-panel__body">Your certificate is withdrawn and you are signed out.</div>
        </div>
        <p>Learning records already sent to your organisation's learning record store are theirs to erase: ask them.</p>
        <p><a class="nhsuk-link" href="#/">Back to the course overview</a></p>`,
    });
  });
}
