/**
 * The one door to the public API: builds URLs from the `ckb-api` meta tag (empty: this site),
 * sends JSON, and turns RFC 9457 problem details into an ApiError.
 */

import { pageLanguage, t } from './i18n.js'
import { takeAnswer } from './answers.js'

/**
 * @typedef {object} FieldError
 * @property {string} location
 * @property {string} field - a dotted path, such as `contributors.0.name`
 * @property {string} message
 * @property {string} code - what is wrong, for the frontend to put in words (controls/messages.js)
 * @property {Record<string, unknown>} [ctx] - about it, such as the `max_length` exceeded
 */

/**
 * @typedef {object} Problem
 * @property {string} type
 * @property {string} title
 * @property {number} status
 * @property {string} detail
 * @property {FieldError[]} errors
 */

/** @typedef {Record<string, string | number | null | undefined | Array<string | number>>} Params */

/**
 * @typedef {object} RequestOptions
 * @property {Params} [params] - query parameters; arrays repeat, empty values are left out
 * @property {unknown} [body] - sent as JSON
 * @property {string | null} [key] - an API key, sent as a Bearer token
 * @property {number} [ifMatch] - the version this change was made from
 * @property {AbortSignal} [signal]
 */

/** An answer of 4xx or 5xx, with its problem details. */
export class ApiError extends Error {
  /**
   * @param {Problem} problem
   * @param {Headers | null} headers
   */
  constructor (problem, headers) {
    super(problem.detail || problem.title)
    this.name = 'ApiError'
    this.problem = problem
    this.status = problem.status
    /** Seconds to wait before trying again (429), when the server said. */
    this.retryAfter = Number(headers?.get('Retry-After')) || null
  }
}

/** The API could not be reached at all (offline, blocked, server down). */
export class NetworkError extends Error {
  constructor () {
    super(t('The knowledge base could not be reached.'))
    this.name = 'NetworkError'
  }
}

const $meta = /** @type {HTMLMetaElement | null} */ (document.querySelector('meta[name="ckb-api"]'))

/** The API's origin (and path prefix), without a trailing slash; '' for this same site. */
export const apiBase = ($meta?.content ?? '').trim().replace(/\/+$/, '')

/**
 * @param {string} path - starting with /, such as /api/v1/search
 * @param {Params} [params]
 * @returns {string}
 */
export function apiUrl (path, params = {}) {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null && item !== '') query.append(name, String(item))
    }
  }
  const search = query.toString()
  return `${apiBase}${path}${search ? `?${search}` : ''}`
}

/**
 * @param {Response} response
 * @returns {Promise<Problem>}
 */
async function problemOf (response) {
  const type = response.headers.get('Content-Type') ?? ''
  if (type.includes('json')) {
    try {
      const body = await response.json()
      if (body && typeof body === 'object' && 'status' in body) {
        return { type: '', title: '', detail: '', ...body, errors: Array.isArray(body.errors) ? body.errors : [] }
      }
    } catch {
      // Not JSON after all: described below from the status alone.
    }
  }
  return {
    type: 'about:blank',
    title: response.statusText || t('Error'),
    status: response.status,
    detail: t('The server answered {status}.', { status: response.status }),
    errors: []
  }
}

/**
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<{ data: any, headers: Headers, status: number }>}
 */
export async function request (method, path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', 'Accept-Language': pageLanguage() === 'cy' ? 'cy, en;q=0.5' : 'en' }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (options.key) headers.Authorization = `Bearer ${options.key}`
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`

  let response
  try {
    response = await fetch(apiUrl(path, options.params), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'omit'
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new NetworkError()
  }
  if (!response.ok) throw new ApiError(await problemOf(response), response.headers)
  const data = response.status === 204 ? null : await response.json()
  return { data, headers: response.headers, status: response.status }
}

/**
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<any>}
 */
export async function getJson (path, options) {
  // The first screen's answers may already be in the page (answers.js), for a reader.
  const embedded = apiBase || options?.key ? undefined : takeAnswer(apiUrl(path, options?.params))
  if (embedded !== undefined) return embedded
  return (await request('GET', path, options)).data
}

/**
 * @param {unknown} error
 * @returns {boolean}
 */
export function isAbort (error) {
  return error instanceof DOMException && error.name === 'AbortError'
}
