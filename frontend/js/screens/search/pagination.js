/**
 * Links to the pages of search results: previous, next, the first, the last and those around
 * the current one. Following one moves focus to the result count (data-focus="results").
 */

import { h, hidden } from '../../dom.js'
import { localeTag, t, tf } from '../../i18n.js'
import { MAX_PAGE, PER_PAGE, searchUrl } from './state.js'

/** @typedef {import('./state.js').SearchState} SearchState */

/**
 * @param {SearchState} state
 * @param {number} total
 * @returns {HTMLElement | null}
 */
export function pagination (state, total) {
  const last = Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / PER_PAGE)))
  if (last <= 1) return null
  const page = Math.min(state.page, last)
  const numbers = [...new Set([1, page - 1, page, page + 1, last])].filter((n) => n >= 1 && n <= last).sort((a, b) => a - b)
  /** @type {Array<HTMLElement>} */
  const items = []
  if (page > 1) items.push(pageLink(state, page - 1, previousText(), 'page'))
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1] > 1) items.push(h('li', { class: 'pagination__gap' }, '…'))
    items.push(pageLink(state, n, n.toLocaleString(localeTag()), n === page ? 'current' : 'number'))
  })
  if (page < last) items.push(pageLink(state, page + 1, nextText(), 'page'))
  return h('nav', { class: 'pagination', 'aria-label': t('Results pages') }, h('ul', { class: 'pagination__list' }, items))
}

/**
 * @param {SearchState} state
 * @param {number} number
 * @param {string | Array<Node | string>} text
 * @param {'page' | 'number' | 'current'} role
 */
function pageLink (state, number, text, role) {
  return h('li', {},
    h('a', {
      class: 'pagination__link',
      href: searchUrl({ ...state, page: number }),
      'data-focus': 'results',
      'aria-current': role === 'current' ? 'page' : null,
      'aria-label': role === 'page' ? null : t('Page {number}', { number: number.toLocaleString(localeTag()) })
    }, text))
}

/**
 * "Previous" and "Next", read as "Previous page" and "Next page": the `{word}` is shown, the
 * rest is for screen readers only, so that a translation may show the whole phrase (Welsh
 * mutates the word after "tudalen").
 * @param {Array<Node | string>} pieces - from tf()
 * @returns {Array<Node | string>}
 */
function shownAndHidden (pieces) {
  return pieces.map((piece) => (typeof piece === 'string' ? hidden(piece) : piece))
}

function previousText () {
  const word = document.createTextNode(t('Previous'))
  // Translators: the links to the pages of results before and after ({word}: "Previous", "Next"):
  // {word} is shown, the rest only read out.
  return shownAndHidden(tf('{word} page', { word }))
}

function nextText () {
  const word = document.createTextNode(t('Next'))
  return shownAndHidden(tf('{word} page', { word }))
}
