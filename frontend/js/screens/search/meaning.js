/**
 * Search by meaning on the search screen: the note on a hit found by what the words mean
 * rather than by the words themselves, and, when a search finds nothing, the entries nearest
 * in meaning to its words across the whole knowledge base (GET /api/v1/search?mode=semantic,
 * without the filters), so that no search ends with nothing to follow.
 */

import { getJson, isAbort } from '../../api.js'
import { fill, h, uid } from '../../dom.js'
import { t } from '../../i18n.js'
import { entryPath, kindLabel } from '../../labels.js'
import { filterCount, searchUrl, withoutFilters } from './state.js'

/** @typedef {import('./state.js').SearchState} SearchState */

export const NEAREST_SHOWN = 5

/** @param {string} text */
function shorten (text, limit = 200) {
  const words = text.replace(/\s+/g, ' ').trim()
  if (words.length <= limit) return words
  const cut = words.lastIndexOf(' ', limit)
  return `${words.slice(0, cut > limit / 2 ? cut : limit)}…`
}

/**
 * True for a hit that shares no words with the search, found by meaning alone.
 * @param {{ matched?: string[] }} item
 */
export function byMeaningOnly (item) {
  const matched = item.matched ?? []
  return matched.length > 0 && !matched.includes('keyword')
}

/**
 * "Related by meaning", for a hit found by meaning alone (null for the others).
 * @param {{ matched?: string[] }} item
 */
export function meaningNote (item) {
  return byMeaningOnly(item) ? h('strong', { class: 'tag tag--grey result__how' }, t('Related by meaning')) : null
}

/**
 * The entries nearest in meaning to a search that found nothing. The section is filled once
 * the answer comes; when nothing is near, it points to the newest entries instead.
 * @param {SearchState} state
 * @param {AbortSignal} signal
 * @returns {HTMLElement | null}
 */
export function nearestByMeaning (state, signal) {
  if (!state.q) return null
  const headingId = uid('nearest-heading')
  const $section = h('section', { class: 'nearest', 'aria-labelledby': headingId },
    h('h3', { class: 'heading-m', id: headingId }, t('Entries near in meaning to your words')),
    h('p', { class: 'nearest__status' }, t('Looking for entries near in meaning…')))
  const $heading = $section.querySelector('h3')
  const everywhere = { ...withoutFilters(state), sort: 'relevance' }
  getJson('/api/v1/search', { params: { q: state.q, mode: 'semantic', per_page: NEAREST_SHOWN }, signal })
    .then((page) => {
      if (!page.items.length) {
        fill($section, $heading, h('p', {},
          t('Nothing in the knowledge base is near in meaning to your words.'), ' ',
          h('a', { href: searchUrl({ ...everywhere, q: '', sort: 'newest' }) }, t('Look through the newest entries')), '.'))
        return
      }
      fill($section, $heading,
        h('p', {}, filterCount(state)
          ? t('These entries are outside your filters or do not contain all your words, but are about something close to them.')
          : t('These entries do not contain all your words, but are about something close to them.')),
        h('ul', { class: 'results' },
          page.items.map((/** @type {Record<string, string>} */ item) =>
            h('li', { class: 'result' },
              h('h4', { class: 'result__title' }, h('a', { href: entryPath(item.kind, item.slug) }, item.title)),
              h('p', { class: 'result__meta' }, kindLabel(item.kind)),
              item.summary ? h('p', { class: 'result__snippet' }, shorten(item.summary)) : null))))
    })
    .catch((error) => {
      if (!isAbort(error)) $section.remove()
    })
  return $section
}
