// The delegate's certificate on the dashboard: the files need the delegate's token, so they are fetched
// and handed to the browser as a download rather than linked.
import { session, ApiError } from './api.js';
import { html } from './html.js';
import { announce } from './shell.js';

const FILES = [
  ['pdf', 'Download your certificate (PDF)', (c) => `api/certificates/${c.id}.pdf`, (c) => `certificate-${c.id}.pdf`],
  ['evidence', 'Download your CPD evidence pack (ZIP)', () => 'api/learners/me/cpd-evidence', () => 'cpd-evidence.zip'],
  ['credential', 'Download your signed credential (Open Badges)', (c) => `api/certificates/${c.id}/credential`, (c) => `credential-${c.id}.jwt`],
];

export const certificatePanel = (certificate) => html`
  <section class="nhsuk-card nhsuk-card--feature" aria-labelledby="certificate-heading" id="certificate">
    <div class="nhsuk-card__content nhsuk-card__content--feature">
      <h2 class="nhsuk-card__heading nhsuk-card__heading--feature" id="certificate-heading">Your certificate</h2>
      <p class="nhsuk-card__description">You passed every module on ${new Date(certificate.issuedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}: ${certificate.cpdTime} of CPD.
        Keep the evidence pack in your CPD portfolio; anyone can check the certificate at its verification address.</p>
      <p class="nhsuk-body-s">Verification address: <a class="nhsuk-link" href="${certificate.verifyUrl}" id="verify-link">${certificate.verifyUrl}</a></p>
      <div class="nhsuk-button-group">
        ${FILES.map(([id, label]) => html`<button class="nhsuk-button nhsuk-button--secondary" type="button" data-download="${id}">${label}</button>`)}
      </div>
    </div>
  </section>`;

export function wireDownloads(root, certificate) {
  for (const [id, label, path, name] of FILES) {
    root.querySelector(`[data-download="${id}"]`)?.addEventListener('click', async (event) => {
      event.target.disabled = true;
      try {
        await download(path(certificate), name(certificate));
        announce(`${label.replace('Download your ', 'Your ')} has been downloaded.`);
      } catch (error) {
        announce(`Sorry, the download failed: ${error.message}`);
      } finally {
        event.target.disabled = false;
      }
    });
  }
}

async function download(path, fileName) {
  const reply = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!reply.ok) throw new ApiError(reply.status, reply.headers.get('Content-Type')?.includes('json') ? await reply.json() : null);
  const url = URL.createObjectURL(await reply.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
