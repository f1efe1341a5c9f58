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

/** The page's language: "cy" or "en". */
export function pageLanguage () {
  return (document.documentElement.lang || 'en').toLowerCase().startsWith('cy') ? 'cy' : 'en'
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
