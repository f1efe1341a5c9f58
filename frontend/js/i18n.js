/**
 * What the site says, in the page's language. Every string the scripts show goes through
 * `t()`: the English text is the key, as gettext does, and `python -m app messages` finds the
 * calls (Babel's JavaScript extractor) to keep the Welsh catalogue complete. The server puts
 * the catalogue of the page's language in the page (`#ckb-messages`); the widget, on another
 * site, fetches it from the API (`loadMessages`).
 */

/** @type {Record<string, string>} */
let messages = {}
const $catalogue = document.getElementById('ckb-messages')
if ($catalogue?.textContent) {
  try {
    messages = JSON.parse($catalogue.textContent)
  } catch {
    messages = {}
  }
}

/**
 * @param {string} message - the English text, with `{name}` placeholders
 * @param {Record<string, string | number>} [values]
 * @returns {string}
 */
export function t (message, values = {}) {
  const text = messages[message] || message
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole))
}

/**
 * One form or the other by count (Welsh has more than two; the catalogue gives the form).
 * @param {string} singular
 * @param {string} plural
 * @param {number} count
 * @param {Record<string, string | number>} [values]
 */
export function tn (singular, plural, count, values = {}) {
  return t(count === 1 ? singular : plural, { count, ...values })
}

/**
 * A sentence with parts that are elements (a link, say): `{name}` placeholders are filled
 * from `parts`, so that the translation may put them where its language needs them.
 * @param {string} message
 * @param {Record<string, Node | string | number>} parts
 * @returns {Array<Node | string>}
 */
export function tf (message, parts) {
  const text = messages[message] || message
  return text.split(/(\{\w+\})/).filter(Boolean).map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1]
    if (name === undefined || !(name in parts)) return piece
    const part = parts[name]
    return part instanceof Node ? part : String(part)
  })
}

/** The page's language: "cy" or "en". */
export function pageLanguage () {
  return (document.documentElement.lang || 'en').toLowerCase().startsWith('cy') ? 'cy' : 'en'
}

/** The language tag for numbers and dates in the page's language. */
export function localeTag () {
  return pageLanguage() === 'cy' ? 'cy-GB' : 'en-GB'
}

const WELSH_PREFIX = /^\/cy(?=\/|$)/

/**
 * A path of this site without its language prefix: "/cy/search" → "/search".
 * @param {string} path
 */
export function withoutLanguage (path) {
  return path.replace(WELSH_PREFIX, '') || '/'
}

/**
 * A path of this site ("/search?q=x", "/resources/a") as the page in a language (the page's
 * own by default): the Welsh pages are the same paths under /cy/. Anything that is not a
 * page (the API, files, other sites) is left as it is.
 * @param {string} path
 * @param {string} [language]
 */
export function localPath (path, language = pageLanguage()) {
  if (!path.startsWith('/') || path.startsWith('//') || /^\/(api|embed|js|healthz)(\/|$|\?)/.test(path)) return path
  if (/\.[a-z0-9]+($|\?)/i.test(path.split('#')[0])) return path // a file: styles.css, widget.js
  const bare = path.replace(WELSH_PREFIX, '')
  if (language !== 'cy') return bare.startsWith('/') ? bare : `/${bare}`
  return bare === '' || bare.startsWith('/') ? (bare === '/' || bare === '' ? '/cy/' : `/cy${bare}`) : `/cy/${bare}`
}

/**
 * Fetch a language's catalogue from the API (for scripts on pages the server did not make).
 * @param {string} apiBase
 * @param {string} language
 */
export async function loadMessages (apiBase, language) {
  if (language === 'en') return
  const response = await fetch(`${apiBase}/api/v1/messages/${language}`)
  if (response.ok) messages = (await response.json()).messages
}
