/**
 * What a search screen shows, as it is kept in the URL: ?q=&kind=&type=&keyword=&decade=&sort=&page=
 * (read from and written to URLs here), and the API parameters it asks for.
 */

export const PER_PAGE = 20
export const MAX_PAGE = 500 // the API pages 10,000 results deep

/**
 * @typedef {object} SearchState
 * @property {string} q
 * @property {string[]} kind
 * @property {string[]} type
 * @property {string[]} keyword
 * @property {number | null} decade
 * @property {string} sort
 * @property {number} page
 */

/**
 * @param {URL} url
 * @returns {SearchState}
 */
export function readState (url) {
  const params = url.searchParams
  const list = (/** @type {string} */ name) => params.getAll(name).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)
  const decade = Number(params.get('decade'))
  const page = Math.floor(Number(params.get('page')))
  return {
    q: (params.get('q') ?? '').trim(),
    kind: list('kind'),
    type: list('type'),
    keyword: params.getAll('keyword').map((v) => v.trim()).filter(Boolean),
    decade: Number.isInteger(decade) && decade >= 1000 && decade <= 2990 && decade % 10 === 0 ? decade : null,
    sort: ['newest', 'title'].includes(params.get('sort') ?? '') ? /** @type {string} */ (params.get('sort')) : 'relevance',
    page: page >= 1 ? Math.min(page, MAX_PAGE) : 1
  }
}

/**
 * The screen's URL for a state (defaults left out).
 * @param {SearchState} state
 */
export function searchUrl (state) {
  const params = new URLSearchParams()
  if (state.q) params.set('q', state.q)
  for (const kind of state.kind) params.append('kind', kind)
  for (const type of state.type) params.append('type', type)
  for (const keyword of state.keyword) params.append('keyword', keyword)
  if (state.decade !== null) params.set('decade', String(state.decade))
  if (state.sort !== 'relevance') params.set('sort', state.sort)
  if (state.page > 1) params.set('page', String(state.page))
  const query = params.toString()
  return `/search${query ? `?${query}` : ''}`
}

/**
 * API parameters for a state, optionally without one filter (to count that filter's other
 * values: kinds and types are "any of", so their counts must not be narrowed by themselves).
 * @param {SearchState} state
 * @param {'kind' | 'type' | 'decade' | null} [without]
 */
export function apiParams (state, without = null) {
  return {
    q: state.q,
    kind: without === 'kind' ? [] : state.kind,
    type: without === 'type' ? [] : state.type,
    keyword: state.keyword,
    year_from: without === 'decade' || state.decade === null ? null : state.decade,
    year_to: without === 'decade' || state.decade === null ? null : state.decade + 9,
    sort: state.sort,
    page: without ? 1 : state.page,
    per_page: without ? 1 : PER_PAGE
  }
}

/** @param {SearchState} state */
export function filterCount (state) {
  return state.kind.length + state.type.length + state.keyword.length + (state.decade === null ? 0 : 1)
}

/**
 * The same search with every filter taken off.
 * @param {SearchState} state
 * @returns {SearchState}
 */
export function withoutFilters (state) {
  return { ...state, kind: [], type: [], keyword: [], decade: null, page: 1 }
}
