// Boots the player: a hash router over the pages. Every page has its own title and one h1, and focus
// moves to that h1 when the page changes, so a screen reader announces it (shell.js).
import { overview, signIn, dashboard, modulePage, summary, notFound, failure, showAccount } from './views.js';
import { player } from './case.js';
import { join, room } from './workshop.js';
import { facilitator, screen, roster } from './facilitator.js';
import { privacy } from './privacy.js';
import { session } from './api.js';
import { go } from './shell.js';
import { startLaunch, embedded, lms } from './lms.js';

document.body.classList.add('js-enabled', 'nhsuk-frontend-supported');

const attempt = '([0-9a-f-]{36})';
const routes = [
  [/^\/$/, overview],
  [/^\/sign-in$/, signIn],
  [/^\/dashboard$/, dashboard],
  [/^\/modules\/([a-z0-9-]+)$/, modulePage],
  [new RegExp(`^/attempts/${attempt}$`), (id) => player(id)],
  [new RegExp(`^/attempts/${attempt}/summary$`), summary],
  [/^\/join$/, join],
  [/^\/privacy$/, privacy],
  [new RegExp(`^/workshops/${attempt}$`), (id) => room(id)],
  [new RegExp(`^/workshops/${attempt}/screen$`), screen],
  [new RegExp(`^/workshops/${attempt}/roster$`), roster],
  [/^\/facilitator(?:\?.*)?$/, () => facilitator()],
];

async function route() {
  // In-page links (the skip link, error summary links) are not pages.
  if (location.hash && !location.hash.startsWith('#/')) return;
  const path = location.hash.slice(1) || '/';
  const match = routes.map(([pattern, page]) => [path.match(pattern), page]).find(([m]) => m);
  try {
    if (!match) return notFound();
    const [m, page] = match;
    await page(...m.slice(1));
  } catch (error) {
    console.error(error);
    if (lms.sessionEnded(error)) return;
    if (error.status === 401 && embedded()) { session.signOut(); return lms.ended(); }
    if (error.status === 401) { session.signOut(); showAccount(null); return go('/sign-in'); }
    failure(error);
  }
}

document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  const main = document.getElementById('maincontent');
  (main.querySelector('h1') || main).setAttribute('tabindex', '-1');
  (main.querySelector('h1') || main).focus();
});
document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  showAccount(null);
  go('/');
});
// An LMS launch (?launch=…) signs in and picks the attempt before the first route (lms.js).
startLaunch().then((go) => {
  if (!go) return;
  window.addEventListener('hashchange', route);
  route();
});
