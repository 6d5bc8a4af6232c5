// The server's API from the page: JSON in and out, the session cookie sent by the browser, and
// the CSRF token of the session (kept for this tab only) on every change. An error is thrown as
// ApiError with the server's message in both languages and, for bad input, the field it names.
import { reactive } from 'vue'

export const session = reactive({ account: null, csrf: sessionStorage.getItem('csrf') || '' })

export class ApiError extends Error {
  constructor(status, body) {
    const e = body?.error ?? {}
    super(e.message?.en ?? `HTTP ${status}`)
    this.status = status
    this.code = e.code ?? 'error'
    this.messages = e.message ?? { zh: `HTTP ${status}`, en: `HTTP ${status}` }
    this.details = e.details ?? e
  }
}

// An answer first-view.js asked for before this script ran, taken once; null if it was not
// asked for or failed (the page then asks again).
async function firstView(path) {
  const answer = window.firstView?.[path]
  if (!answer) return null
  delete window.firstView[path]
  return answer.catch(() => null)
}

async function send(method, path, { body, form, raw } = {}) {
  const headers = { Accept: 'application/json' }
  let payload
  if (form) {
    payload = form
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf
  const res = (method === 'GET' && (await firstView(path))) ||
    (await fetch(path, { method, headers, body: payload, credentials: 'same-origin' }))
  if (raw && res.ok) return res
  const text = await res.text()
  const json = text ? JSON.parse(text) : null
  if (!res.ok) throw new ApiError(res.status, json)
  return json
}

export const api = {
  get: (path) => send('GET', path),
  post: (path, body) => send('POST', path, { body }),
  put: (path, body) => send('PUT', path, { body }),
  del: (path) => send('DELETE', path),
  upload: (path, form) => send('POST', path, { form }),
  download: (path) => send('GET', path, { raw: true }),
}

// A job (202 with its id) followed until it ends; onProgress gets each state seen.
export async function untilDone(job, onProgress) {
  let state = job
  while (state.state === 'queued' || state.state === 'running') {
    onProgress?.(state)
    await new Promise((r) => setTimeout(r, 250))
    state = await api.get(`/api/v1/jobs/${state.id}`)
  }
  return state
}

export async function login(loginName, password) {
  const reply = await api.post('/api/v1/session', { login: loginName, password })
  session.account = reply.account
  session.csrf = reply.csrf_token
  sessionStorage.setItem('csrf', reply.csrf_token)
  return reply.account
}

export async function logout() {
  try {
    await api.del('/api/v1/session')
  } finally {
    session.account = null
    session.csrf = ''
    sessionStorage.removeItem('csrf')
  }
}

// Who is signed in (null for the public), asked once when the page opens — only when this tab
// signed in, so the public page makes no request that must fail.
export async function whoAmI() {
  if (!session.csrf) return null
  try {
    session.account = (await api.get('/api/v1/session')).account
  } catch {
    session.account = null
  }
  return session.account
}
