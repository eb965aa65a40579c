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
const FACILITATOR_TOKEN = 'elearning.facilitator-token';
const ACKNOWLEDGED = 'elearning.acknowledged.';

export const session = {
  get token() { return tabStore.get(TOKEN) ?? store.get(TOKEN); },
  /** `tabOnly`: an LMS launch, for this tab alone (it never touches the delegate's own sign-in). */
  signIn(token, { tabOnly = false } = {}) { if (tabOnly) tabStore.set(TOKEN, token); else store.set(TOKEN, token); },
  signOut() { if (tabStore.get(TOKEN)) tabStore.remove(TOKEN); else store.remove(TOKEN); },
  /** A facilitator's token, kept apart from the delegate's: it is sent only on the facilitator's pages. */
  get facilitatorToken() { return store.get(FACILITATOR_TOKEN); },
  facilitatorSignIn(token) { store.set(FACILITATOR_TOKEN, token); },
  facilitatorSignOut() { store.remove(FACILITATOR_TOKEN); },
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

async function call(method, path, body, token = session.token) {
  const headers = { Accept: 'application/json', ...tabHeaders };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
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
  start: (moduleId, launchId, caseId) => call('POST', 'attempts', { moduleId, ...(launchId ? { launchId } : {}), ...(caseId ? { caseId } : {}) }),
  openCase: (attemptId, caseId) => call('POST', `attempts/${attemptId}/case`, { caseId }),
  attempt: (attemptId) => call('GET', `attempts/${attemptId}`),
  answer: (attemptId, caseId, nodeId, response) => call('POST', `attempts/${attemptId}/answers`, { caseId, nodeId, response }),
  complete: (attemptId) => call('POST', `attempts/${attemptId}/complete`),
  joinWorkshop: (details) => call('POST', 'workshops/join', details),
  workshopSession: (workshopId) => call('GET', `workshops/${workshopId}/session`),
  workshopRoom: (workshopId) => call('GET', `workshops/${workshopId}/room`),
  cmi5Launch: (launch) => call('POST', 'lms/cmi5/launches', launch),
  resumeSession: (sessionId, exitKey) => call('POST', `lms/sessions/${sessionId}/resume`, { exitKey }),
  tinCanLaunch: (launch) => call('POST', 'lms/tincan/launches', launch),
};

/** The facilitator's calls, with the facilitator's token (README "Routes", Workshops). */
const asFacilitator = (method, path, body) => call(method, path, body, session.facilitatorToken);
export const facilitatorApi = {
  workshops: () => asFacilitator('GET', 'workshops'),
  workshop: (id) => asFacilitator('GET', `workshops/${id}`),
  openCase: (id, caseId) => asFacilitator('POST', `workshops/${id}/current`, { caseId }),
  reveal: (id, caseId, nodeId) => asFacilitator('POST', `workshops/${id}/reveal`, { caseId, nodeId }),
  distribution: (id) => asFacilitator('GET', `workshops/${id}/distribution`),
  roster: (id) => asFacilitator('GET', `workshops/${id}/roster`),
  fullCase: (caseId) => asFacilitator('GET', `facilitator/cases/${encodeURIComponent(caseId)}`),
  async qrCode(id) {
    const reply = await fetch(`api/workshops/${id}/qr.svg`, { headers: { Authorization: `Bearer ${session.facilitatorToken}` } });
    if (!reply.ok) throw new ApiError(reply.status, null);
    // A data: address, which the player's Content-Security-Policy allows for images (blob: it does not).
    return `data:image/svg+xml,${encodeURIComponent(await reply.text())}`;
  },
  /**
   * The room's distribution as it changes (GET /events). EventSource cannot send a bearer token, so this reads the
   * stream with fetch and sends Last-Event-ID itself when it reconnects. Stops when `signal` aborts.
   */
  async follow(id, onDistribution, signal) {
    let lastId = null;
    while (!signal.aborted) {
      try {
        const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${session.facilitatorToken}` };
        if (lastId !== null) headers['Last-Event-ID'] = lastId;
        const reply = await fetch(`api/workshops/${id}/events`, { headers, signal });
        if (reply.status === 401 || reply.status === 403 || reply.status === 404) throw new ApiError(reply.status, await reply.json().catch(() => null));
        const reader = reply.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, '\n');
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const fields = { data: [] };
            for (const line of block.split('\n')) {
              if (!line || line.startsWith(':')) continue;
              const colon = line.indexOf(':');
              const name = colon < 0 ? line : line.slice(0, colon);
              const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
              if (name === 'data') fields.data.push(text); else fields[name] = text;
            }
            if (fields.id !== undefined) lastId = fields.id;
            if (fields.event === 'distribution' && fields.data.length) onDistribution(JSON.parse(fields.data.join('\n')));
          }
        }
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof ApiError) throw e;
      }
      // The API restarted or the network dropped: try again shortly, resuming from the last event seen.
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  },
};
