// The page's only way out: the gateway's public API with the signed-in shopper's bearer token.
// The token lives in sessionStorage (this tab only) and is dropped when it expires.

const KEY = 'demo-session';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export const session = {
  get() {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const value = JSON.parse(raw);
    if (Date.parse(value.expiresAt) <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return value;
  },
  set(value) { sessionStorage.setItem(KEY, JSON.stringify(value)); },
  clear() { sessionStorage.removeItem(KEY); },
};

async function problemOf(response) {
  try { return await response.json(); } catch { return null; }
}

export async function call(method, path, body) {
  const current = session.get();
  const headers = { Accept: 'application/json, application/problem+json' };
  if (current) headers.Authorization = `Bearer ${current.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

export const get = (path) => call('GET', path);
export const put = (path, body) => call('PUT', path, body);
export const post = (path, body) => call('POST', path, body);
export const del = (path) => call('DELETE', path);

/** The demo sign-in (only where the gateway turns it on): null when it is off. */
export async function demoShoppers() {
  const response = await fetch('/dev/shoppers', { headers: { Accept: 'application/json' } });
  if (response.status === 404) return null;
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  return (await response.json()).shoppers;
}

export async function signIn(subject) {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ subject }),
  });
  if (!response.ok) throw new ApiError(response.status, await problemOf(response));
  const answer = await response.json();
  session.set({ subject: answer.subject, token: answer.token, expiresAt: answer.expiresAt });
  return answer;
}

/** One activity event now; the intake answers what it kept and what it dropped (and why). */
export function track(event) {
  return post('/api/activity', { events: [{ ...event, occurredAt: new Date().toISOString() }] });
}
