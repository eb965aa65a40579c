// The API's HTTP contract (README "Routes") and what the browser remembers between visits.

const store = (() => {
  // Some browsers refuse storage to framed or private pages; the course still runs, for this visit only.
  const memory = new Map();
  const safe = (fn, fallback) => { try { return fn(); } catch { return fallback(); } };
  return {
    get: (key) => safe(() => localStorage.getItem(key), () => memory.get(key) ?? null),
    set: (key, value) => safe(() => localStorage.setItem(key, value), () => memory.set(key, value)),
    remove: (key) => safe(() => localStorage.removeItem(key), () => memory.delete(key)),
  };
})();

// A launch from an LMS signs in one tab only (sessionStorage): a second launch in another tab, perhaps of another
// learner, must never replace this tab's token. Memory if storage is refused.
const tabStore = (() => {
  const memory = new Map();
  const safe = (fn, fallback) => { try { return fn(); } catch { return fallback(); } };
  return {
    get: (key) => safe(() => sessionStorage.getItem(key), () => memory.get(key) ?? null),
    set: (key, value) => safe(() => sessionStorage.setItem(key, value), () => memory.set(key, value)),
    remove: (key) => safe(() => sessionStorage.removeItem(key), () => memory.delete(key)),
  };
})();

const TOKEN = 'elearning.token';
const ACKNOWLEDGED = 'elearning.acknowledged.';

export const session = {
  get token() { return tabStore.get(TOKEN) ?? store.get(TOKEN); },
  /** `tabOnly`: an LMS launch, for this tab alone (it never touches the delegate's own sign-in). */
  signIn(token, { tabOnly = false } = {}) { if (tabOnly) tabStore.set(TOKEN, token); else store.set(TOKEN, token); },
  signOut() { if (tabStore.get(TOKEN)) tabStore.remove(TOKEN); else store.remove(TOKEN); },
  /** The last answer whose feedback the delegate has read and continued from, per attempt. */
  acknowledged: (attemptId) => store.get(ACKNOWLEDGED + attemptId),
  acknowledge: (attemptId, caseId, nodeId) => store.set(ACKNOWLEDGED + attemptId, `${caseId}/${nodeId}`),
};

/** A ProblemDetails reply: status, detail and field errors ({field: [messages]}). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.status = status;
    this.errors = problem?.errors || {};
    this.problem = problem || {};
  }
}

/** Headers every call carries for this tab (lms.js: the cmi5 session a tab belongs to). */
export const tabHeaders = {};

async function call(method, path, body) {
  const headers = { Accept: 'application/json', ...tabHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const reply = await fetch(`api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = reply.headers.get('Content-Type')?.includes('json') ? await reply.json() : null;
  if (!reply.ok) throw new ApiError(reply.status, json);
  return json;
}

// Content never changes while the API runs: fetch each document once per page load.
const cache = new Map();
const cached = (path) => {
  if (!cache.has(path)) cache.set(path, call('GET', path).catch((e) => { cache.delete(path); throw e; }));
  return cache.get(path);
};

export const api = {
  course: () => cached('course'),
  module: (moduleId) => cached(`modules/${encodeURIComponent(moduleId)}`),
  case: (moduleId, caseId) => cached(`modules/${encodeURIComponent(moduleId)}/cases/${encodeURIComponent(caseId)}`),
  register: (details) => call('POST', 'learners', details),
  me: () => call('GET', 'learners/me'),
  certificate: () => call('GET', 'learners/me/certificate'),
  privacy: () => cached('privacy'),
  myData: () => call('GET', 'learners/me/data'),
  eraseMe: () => call('DELETE', 'learners/me'),
  start: (moduleId, launchId) => call('POST', 'attempts', launchId ? { moduleId, launchId } : { moduleId }),
  attempt: (attemptId) => call('GET', `attempts/${attemptId}`),
  answer: (attemptId, caseId, nodeId, response) => call('POST', `attempts/${attemptId}/answers`, { caseId, nodeId, response }),
  complete: (attemptId) => call('POST', `attempts/${attemptId}/complete`),
  joinWorkshop: (details) => call('POST', 'workshops/join', details),
  workshopSession: (workshopId) => call('GET', `workshops/${workshopId}/session`),
  cmi5Launch: (launch) => call('POST', 'lms/cmi5/launches', launch),
  resumeSession: (sessionId, exitKey) => call('POST', `lms/sessions/${sessionId}/resume`, { exitKey }),
  tinCanLaunch: (launch) => call('POST', 'lms/tincan/launches', launch),
};
