// Launches from an LMS (README "Embedding in an LMS"). An LMS's launch URL (/lms/<kind>/…) redirects to the
// player with ?launch=<kind>; each kind signs the delegate in its own way and says which attempt to show.
// Embedded in an LMS, the player posts its progress and result to the page that frames it (the SCORM SCO's
// bridge), to that page's origin only, and hides what makes no sense inside an LMS (account bar, dashboard).
import { api, session, tabHeaders } from './api.js';
import { html } from './html.js';
import { show } from './shell.js';

const KEY = 'elearning.launch';
const tab = (() => {
  // Per tab, so two LMS windows never mix; kept across a reload of the frame. Memory if storage is refused.
  let memory = null;
  return {
    get: () => { try { return JSON.parse(sessionStorage.getItem(KEY)); } catch { return memory; } },
    set: (value) => { memory = value; try { sessionStorage.setItem(KEY, JSON.stringify(value)); } catch { /* memory only */ } },
  };
})();

let context = null; // { kind, module, attemptId, origin } while embedded; cmi5 adds sessionId, exitKey, returnUrl, launchMode

// A Tin Can launch opens the whole course (its dashboard), so the player looks as it does outside an LMS.
export const embedded = () => context !== null && context.kind !== 'tincan';

/** The Tin Can launch attempts are started under (their statements go to the LMS's LRS), if any. */
export const launchId = () => (context?.kind === 'tincan' ? context.launchId : undefined);

const ATTEMPT = /^[0-9a-f-]{36}$/;

/** The LMS page's origin, exactly as an origin (scheme://host[:port]), or null. */
function checkedOrigin(value) {
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin === value ? value : null;
  } catch { return null; }
}

// One entry per launch kind: sign in, remember the context for this tab and return true, or show why not.
const KINDS = {
  // SCORM 1.2: the SCO's bridge (api/Lms/Packages/Scorm/bridge.js) got a session from POST /api/lms/scorm/sessions
  // and framed #token=…&attempt=…&origin=<the SCO page's origin>.
  scorm(params) {
    const fragment = new URLSearchParams(location.hash.startsWith('#/') ? '' : location.hash.slice(1));
    const token = fragment.get('token');
    const attemptId = fragment.get('attempt');
    if (token && ATTEMPT.test(attemptId ?? '')) {
      session.signIn(token, { tabOnly: true });
      const origin = checkedOrigin(fragment.get('origin'));
      if (!origin) console.warn('No LMS origin in the launch: progress and results cannot be reported to the LMS.');
      context = { kind: 'scorm', module: params.get('module'), attemptId, origin };
      tab.set(context);
      // The token leaves the address bar (and the history) at once.
      history.replaceState(null, '', `${location.pathname}${location.search}#/attempts/${attemptId}`);
      return true;
    }
    const saved = tab.get();
    if (saved?.kind === 'scorm' && session.token) { context = saved; return true; }
    return stop('This module has to be opened from your learning system',
      'Close this page and open the module again from your learning management system.');
  },
  // cmi5 (8.1): the LMS put endpoint, fetch, actor, registration and activityId in the query. They go to our
  // server only (it fetches the token and talks to the LMS's LRS), and leave the address bar at once; launch and
  // module stay, so a reload finds this tab's session again and carries on in it (the fetch URL works once only).
  async cmi5(params) {
    const module = params.get('module');
    const saved = tab.get();
    if (params.has('fetch')) {
      const launch = Object.fromEntries(['endpoint', 'fetch', 'actor', 'registration', 'activityId'].map((k) => [k, params.get(k)]));
      history.replaceState(null, '', `${location.pathname}?launch=cmi5&module=${encodeURIComponent(module ?? '')}`);
      let started;
      try {
        started = await api.cmi5Launch({ moduleId: module, ...launch });
      } catch (error) {
        return stop('This module could not start', error.message, saved?.returnUrl);
      }
      session.signIn(started.token, { tabOnly: true });
      context = {
        kind: 'cmi5', module, attemptId: started.attemptId, origin: null, sessionId: started.sessionId,
        exitKey: started.exitKey, returnUrl: started.returnUrl, launchMode: started.launchMode,
        masteryScore: started.masteryScore ?? null, moveOn: started.moveOn ?? null, ended: false,
      };
      tab.set(context);
      history.replaceState(null, '', `${location.pathname}${location.search}#/attempts/${started.attemptId}`);
      return cmi5Started();
    }
    if (saved?.kind === 'cmi5' && saved.module === module && session.token) {
      // A reload: the same session goes on, unless it ended meanwhile (the server says why).
      context = saved;
      if (!await stillOpen()) return false;
      return cmi5Started();
    }
    return stop('This module has to be opened from your learning system',
      'Open the module again from your learning system to carry on.', saved?.returnUrl);
  },
  // Tin Can (RusticiSoftware/launch lms_lrs.md): endpoint, auth, actor[, registration][, activity_id] go to our
  // server only (auth is the LRS's Authorization value) and leave the address bar at once; the dashboard follows.
  async tincan(params) {
    const saved = tab.get();
    if (params.has('endpoint')) {
      const launch = {
        endpoint: params.get('endpoint'), auth: params.get('auth'), actor: params.get('actor'),
        registration: params.get('registration') || null, activityId: params.get('activity_id') || null,
      };
      history.replaceState(null, '', `${location.pathname}?launch=tincan`);
      let started;
      try {
        started = await api.tinCanLaunch(launch);
      } catch (error) {
        return stop('The course could not start', error.message);
      }
      session.signIn(started.token, { tabOnly: true });
      context = { kind: 'tincan', launchId: started.launchId, origin: null };
      tab.set(context);
      history.replaceState(null, '', `${location.pathname}${location.search}#/dashboard`);
      return true;
    }
    if (saved?.kind === 'tincan' && session.token) { context = saved; return true; }
    return stop('This course has to be opened from your learning system', 'Open the course again from your learning system.');
  },
};

// cmi5 10.0: Browse and Review record no result; the delegate is told so. Leaving the page may be a reload, so it
// only tells the server the page went away; if it does not come back, the server ends the session (terminated,
// cmi5 9.3.8), as it does one left idle. When the page is shown again it asks whether the session is still open.
function cmi5Started() {
  // Every call says which session this tab is: after the registration is opened again elsewhere, this tab's answers
  // are refused with the reason instead of slipping into the other tab's session.
  tabHeaders['X-Lms-Session'] = context.sessionId;
  if (context.launchMode !== 'Normal') {
    const banner = document.createElement('div');
    banner.className = 'nhsuk-inset-text';
    banner.id = 'launch-mode';
    banner.innerHTML = String(html`<span class="nhsuk-u-visually-hidden">Information: </span>
      <p>${context.launchMode} mode: your answers are not recorded as a result.</p>`);
    document.getElementById('maincontent').prepend(banner);
  }
  window.addEventListener('pagehide', leave);
  window.addEventListener('pageshow', (event) => { if (event.persisted) stillOpen(); });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') stillOpen(); });
  return true;
}

function beacon(action) {
  const body = new Blob([JSON.stringify({ exitKey: context.exitKey })], { type: 'application/json' });
  navigator.sendBeacon(`api/lms/sessions/${context.sessionId}/${action}`, body);
}

/** The page is going away: a reload, or the tab closing. The server waits a little before ending the session. */
function leave() {
  if (context?.kind === 'cmi5' && !context.ended) beacon('leave');
}

/** True while the cmi5 session is open (and now active again); otherwise the page says why it ended. */
async function stillOpen() {
  if (context?.kind !== 'cmi5') return true;
  try {
    await api.resumeSession(context.sessionId, context.exitKey);
    return true;
  } catch (error) {
    if (error.status === 409) { sessionEnded(error.problem); return false; }
    return true; // the server could not be asked: answers will say so if the session has ended
  }
}

/** The session ended (exit, closed, idle, opened again elsewhere, refused by the LMS): what happened and the way back. */
function sessionEnded(problem) {
  context = { ...context, ended: true };
  tab.set(context);
  stop(problem.title || 'Your session has ended', problem.detail || 'Open the module again from your learning system to carry on.',
    problem.returnUrl || context.returnUrl);
}

/** Ends the cmi5 session once, by beacon (it survives the page going away; it cannot carry a bearer token). */
function terminate() {
  if (context?.kind !== 'cmi5' || context.ended) return;
  beacon('terminate');
  context = { ...context, ended: true };
  tab.set(context);
}

/** Back to the LMS: the top window if we may navigate it (we were framed), else this one. */
function leaveTo(url) {
  try {
    if (window.top !== window) { window.top.location.href = url; return; }
  } catch { /* a cross-origin top we may not navigate */ }
  location.href = url;
}

function stop(heading, text, returnUrl) {
  show({
    title: heading,
    body: html`<h1>${heading}</h1><p>${text}</p>${returnUrl
      ? html`<p><a href="${returnUrl}" id="return-to-lms">Go back to your learning system</a></p>` : ''}`,
  });
  return false;
}

/**
 * Runs before the first route. Returns false when the page must not route (the launch cannot go on, and a
 * page says why). Without ?launch= the player is not embedded and nothing changes.
 */
export async function startLaunch() {
  const params = new URLSearchParams(location.search);
  const kind = params.get('launch');
  if (!kind) return true;
  const launch = Object.hasOwn(KINDS, kind) ? KINDS[kind] : () => stop('This module cannot start here',
    'The link that opened it is not one the course recognises. Open the module again from your learning system.');
  if (!await launch(params)) return false;
  if (!embedded()) return true;
  // What makes no sense inside an LMS's frame: the account bar, the dashboard, the overview links.
  document.querySelectorAll('[data-outside-lms]').forEach((el) => { el.hidden = true; });
  const home = document.querySelector('[data-home-link]');
  home?.removeAttribute('href');
  home?.removeAttribute('aria-label');
  return true;
}

// postMessage to the framing page, at its origin only (never '*'): nothing else may read the results.
function post(message) {
  if (context?.origin && window.parent !== window) window.parent.postMessage(message, context.origin);
}

export const lms = {
  /** After each answer the API accepted: `location` is "<case id>/<node id>". */
  progress: (attemptId, location) => post({ type: 'elearning:progress', attemptId, location }),
  /** The completed attempt's result, as GET /api/attempts/{id} gives it. */
  result: (attemptId, { scaled, raw, max, passed }) => post({ type: 'elearning:result', attemptId, scaled, raw, max, passed }),
  /** One attempt per launch in cmi5: another attempt would be outside the LMS's session. */
  allowsRetry: () => context?.kind !== 'cmi5',
  /** cmi5: a new attempt is a new session, which only the LMS can start (a relaunch after a failed attempt starts one). */
  retriesFromLms: () => context?.kind === 'cmi5' && context.launchMode === 'Normal',
  /** The pass mark that decides the verdict: the LMS's masteryScore when it gave one, else the module's own. */
  passMark: (modulePassMark) => (context?.kind === 'cmi5' && typeof context.masteryScore === 'number' ? context.masteryScore : modulePassMark),
  /** cmi5 moveOn Completed or NotApplicable: the LMS counts the module done without a pass (cmi5 10.2.5). */
  doneWithoutPass: () => context?.kind === 'cmi5' && ['Completed', 'NotApplicable'].includes(context.moveOn),
  /** False in cmi5 Browse and Review: the attempt records no result, so there is no verdict to show. */
  recordsResult: () => context?.kind !== 'cmi5' || context.launchMode === 'Normal',
  /** True (and the page says what happened) when an API error means the LMS session has ended. */
  sessionEnded(error) {
    if (context?.kind !== 'cmi5' || !error?.problem?.sessionEnded) return false;
    sessionEnded(error.problem);
    return true;
  },
  /** The delegate has finished: the LMS may close the module. */
  exit() {
    post({ type: 'elearning:exit' });
    if (context?.kind === 'cmi5') {
      terminate();
      if (context.returnUrl) { leaveTo(context.returnUrl); return; }
    }
    show({
      title: 'You have left the module',
      body: html`<h1>You have left the module</h1>
        <p>Your result has been sent to your learning system. You can close this module now.</p>`,
    });
  },
  /** A 401 inside an LMS: the session has expired, and only the LMS can start a new one. */
  ended() {
    show({
      title: 'Your session has ended',
      body: html`<h1>Your session has ended</h1>
        <p>Your answers so far are saved. Close this module and open it again from your learning system to carry on.</p>`,
    });
  },
};
