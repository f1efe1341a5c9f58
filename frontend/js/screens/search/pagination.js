/**
 * Links to the pages of search results: previous, next, the first, the last and those around
 * the current one. Following one moves focus to the result count (data-focus="results").
 */

import { h } from '../../dom.js'
import { localeTag, t } from '../../i18n.js'
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
  if (page > 1) items.push(pageLink(state, page - 1, t('Previous'), 'page', t('Previous page')))
  numbers.forEach((n, i) => {
    if (i > 0 && n - numbers[i - 1] > 1) items.push(h('li', { class: 'pagination__gap' }, '…'))
    items.push(pageLink(state, n, n.toLocaleString(localeTag()), n === page ? 'current' : 'number'))
  })
  if (page < last) items.push(pageLink(state, page + 1, t('Next'), 'page', t('Next page')))
  return h('nav', { class: 'pagination', 'aria-label': t('Results pages') }, h('ul', { class: 'pagination__list' }, items))
}

/**
 * @param {SearchState} state
 * @param {number} number
 * @param {string} text
 * @param {'page' | 'number' | 'current'} role
 * @param {string} [name] - what a screen reader says for previous and next ("Next page"), whole
 *   so that a translation can order its words as its language does
 */
function pageLink (state, number, text, role, name) {
  return h('li', {},
    h('a', {
      class: 'pagination__link',
      href: searchUrl({ ...state, page: number }),
      'data-focus': 'results',
      'aria-current': role === 'current' ? 'page' : null,
      'aria-label': role === 'page' ? name : t('Page {number}', { number: number.toLocaleString(localeTag()) })
    }, text))
}
