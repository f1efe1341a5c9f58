/**
 * The search screen (/ and /search): one box with suggestions, results with their matched
 * words marked, filters by kind, type, keyword and decade, sorting and pages. Everything the
 * screen shows comes from the URL (?q=&kind=&type=&keyword=&decade=&sort=&page=), so a search
 * can be shared and Back returns to the one before.
 */

import { ApiError, getJson, isAbort } from '../api.js'
import { fill, h, uid } from '../dom.js'
import { localeTag, t, tf, tn } from '../i18n.js'
import { entryPath, kindLabel, pageTitle } from '../labels.js'
import { initAll } from '../modules.js'
import { navigate } from '../navigation.js'
import { safeFragment } from '../safe-html.js'
import { pagination } from './search/pagination.js'
import { SearchFilters } from './search/filters.js'
import { meaningNote, nearestByMeaning } from './search/meaning.js'
import { MAX_PAGE, PER_PAGE, apiParams, filterCount, readState, searchUrl, withoutFilters } from './search/state.js'

/** @typedef {import('./search/state.js').SearchState} SearchState */
/** @typedef {import('./search/filters.js').Facets} Facets */

/** Where the last search was, for the entry pages' "Back to search results". */
export const LAST_SEARCH_KEY = 'ckb-last-search'

export class SearchScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    /** @type {AbortController | null} */
    this.request = null
    /** @type {SearchState} */
    this.state = readState(new URL(window.location.href))

    const inputId = uid('search-q')
    const hintId = `${inputId}-hint`
    this.$heading = h('h1', {}, t('Search the knowledge base'))
    this.$lead = h('p', { class: 'lead' },
      t('Find reports, tools, research, case studies and networks about co-production: people who use public services and people who run them, working together as equals.'))
    this.$input = h('input', { class: 'input', id: inputId, name: 'q', type: 'search', 'aria-describedby': hintId, spellcheck: 'false', enterkeyhint: 'search' })
    this.$form = h('form', { class: 'search-form', role: 'search', action: '/search', method: 'get', on: { submit: (e) => this.onSubmit(e) } },
      h('label', { class: 'label', for: inputId }, t('Search for words or a phrase')),
      h('span', { class: 'hint', id: hintId }, t('For example: participatory budgeting, time banking, mental health')),
      h('div', { class: 'search-form__row' },
        h('div', { class: 'search-form__box', 'data-module': 'ckb-suggest' }, this.$input),
        h('button', { class: 'button', type: 'submit' }, t('Search'))))

    this.$count = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite', tabindex: '-1' })
    this.$sort = h('select', { class: 'select', id: uid('sort'), on: { change: () => this.onSort() } },
      h('option', { value: 'relevance' }, t('Best match')),
      h('option', { value: 'newest' }, t('Newest first')),
      h('option', { value: 'title' }, t('Title (A to Z)')))
    this.$results = h('div', { class: 'results-area' })
    this.$pages = h('div')
    this.$filters = h('div', { class: 'facets-body' })
    this.$summaryText = h('span', {}, t('Filter results'))
    this.$details = h('details', { class: 'facets' },
      h('summary', {}, this.$summaryText),
      this.$filters)
    // Filters are open beside the results on wide screens and folded away above them on
    // narrow ones, following the screen as it turns, until the reader opens or closes them.
    this.wide = window.matchMedia('(min-width: 769px)')
    this.$details.open = this.wide.matches
    this.readerToggled = false
    this.$details.querySelector('summary')?.addEventListener('click', () => { this.readerToggled = true })
    this.onResize = () => {
      if (!this.readerToggled) this.$details.open = this.wide.matches
    }
    this.wide.addEventListener('change', this.onResize)
    this.filters = new SearchFilters(this.$filters)

    $main.append(
      this.$heading,
      this.$lead,
      this.$form,
      h('div', { class: 'columns' },
        h('div', { class: 'columns__side' }, this.$details),
        h('div', {},
          h('h2', { class: 'visually-hidden' }, t('Results')),
          this.$count,
          h('div', { class: 'sort' }, h('label', { class: 'label', for: this.$sort.id }, t('Sort by')), this.$sort),
          this.$results,
          this.$pages))
    )
    initAll($main)
  }

  leave () {
    this.request?.abort()
    this.wide.removeEventListener('change', this.onResize)
  }

  /**
   * @param {URL} url
   * @param {import('../router.js').ShowContext} context
   */
  async show (url, context) {
    const focusKey = this.filters.focusKey()
    const state = readState(url)
    this.state = state
    this.$lead.hidden = url.pathname !== '/'
    // Not while someone is typing a new search into the box.
    if (context.focus !== 'keep' || document.activeElement !== this.$input) this.$input.value = state.q
    this.$sort.value = state.sort
    // Chosen filters are shown open on wide screens; on phones they would push the results
    // down, so the summary says how many are chosen instead.
    if (filterCount(state) && this.wide.matches) this.$details.open = true
    this.$summaryText.textContent = filterCount(state)
      ? t('Filter results ({count} chosen)', { count: filterCount(state).toLocaleString(localeTag()) })
      : t('Filter results')
    document.title = pageTitle(state.q ? t('Search results for “{q}”', { q: state.q }) : t('Search'))
    try {
      sessionStorage.setItem(LAST_SEARCH_KEY, url.pathname + url.search)
    } catch {
      // Storage may be off; the back link then goes to the search page.
    }

    this.request?.abort()
    const request = new AbortController()
    this.request = request
    // The count (a live region) is only changed once the answer is in, so that screen
    // readers hear the result, not "loading" first.
    this.$results.setAttribute('aria-busy', 'true')
    try {
      const [page, kindCounts, typeCounts, decadeCounts] = await Promise.all([
        getJson('/api/v1/search', { params: apiParams(state), signal: request.signal }),
        state.kind.length ? getJson('/api/v1/search', { params: apiParams(state, 'kind'), signal: request.signal }) : null,
        state.type.length ? getJson('/api/v1/search', { params: apiParams(state, 'type'), signal: request.signal }) : null,
        state.decade !== null ? getJson('/api/v1/search', { params: apiParams(state, 'decade'), signal: request.signal }) : null
      ])
      /** @type {Facets} */
      const facets = {
        ...page.facets,
        kind: (kindCounts ?? page).facets.kind,
        type: (typeCounts ?? page).facets.type,
        decade: (decadeCounts ?? page).facets.decade
      }
      this.renderResults(state, page.items, page.total)
      this.filters.render(state, facets)
      fill(this.$pages, pagination(state, page.total))
    } catch (error) {
      if (isAbort(error)) return
      this.renderError(error)
    }
    this.$results.removeAttribute('aria-busy')
    if (context.focus === 'results') {
      this.$count.focus()
    } else if (context.focus === 'keep') {
      this.filters.restoreFocus(focusKey)
    }
  }

  /** @param {SubmitEvent} event */
  onSubmit (event) {
    event.preventDefault()
    navigate(searchUrl({ ...this.state, q: this.$input.value.trim(), page: 1 }), { focus: 'keep' })
  }

  onSort () {
    navigate(searchUrl({ ...this.state, sort: this.$sort.value, page: 1 }), { focus: 'keep' })
  }

  /**
   * @param {SearchState} state
   * @param {Array<{kind: string, slug: string, title: string, snippet: string, lang?: string, matched?: string[]}>} items
   * @param {number} total
   */
  renderResults (state, items, total) {
    const filters = filterCount(state)
    const number = (/** @type {number} */ n) => n.toLocaleString(localeTag())
    // The count is said in parts (how many, for what, with how many filters, which page),
    // each a whole phrase of its own so that a translation can word it as its language needs.
    const withFilters = filters ? tn(', with {count} filter', ', with {count} filters', filters, { count: number(filters) }) : ''
    const pages = Math.max(1, Math.ceil(total / PER_PAGE))
    if (total === 0) {
      this.$count.textContent = (state.q ? t('No results for “{q}”', { q: state.q }) : t('No results')) + withFilters
    } else {
      const count = number(total)
      const found = state.q
        ? tn('{count} result for “{q}”', '{count} results for “{q}”', total, { count, q: state.q })
        : tn('{count} result', '{count} results', total, { count })
      const pageText = pages > 1 ? t('. Page {page} of {pages}', { page: number(state.page), pages: number(Math.min(pages, MAX_PAGE)) }) : ''
      this.$count.textContent = found + withFilters + pageText
    }
    if (!items.length) {
      fill(this.$results, nearestByMeaning(state, /** @type {AbortController} */ (this.request).signal), this.noResultsHelp(state))
      return
    }
    fill(this.$results, 
      h('ul', { class: 'results' },
        items.map((item) =>
          // A hit shown in the other language says so, for screen readers (WCAG 3.1.2).
          h('li', { class: 'result', lang: item.lang },
            h('h3', { class: 'result__title' }, h('a', { href: entryPath(item.kind, item.slug) }, item.title)),
            h('p', { class: 'result__meta' }, kindLabel(item.kind), meaningNote(item)),
            item.snippet ? h('p', { class: 'result__snippet' }, safeFragment(item.snippet)) : null)))
    )
  }

  /** @param {SearchState} state */
  noResultsHelp (state) {
    // Not inside tf()'s arguments, where the catalogue's extractor would not find it.
    const $toolkit = h('a', { href: '/toolkit' }, t('the co-production toolkit'))
    const tips = [
      h('li', {}, t('check the spelling')),
      h('li', {}, t('use fewer words, or other words that mean the same thing')),
      filterCount(state)
        ? h('li', {}, h('a', { href: searchUrl(withoutFilters(state)) }, t('remove all filters')))
        : null,
      h('li', {}, ...tf('look through {toolkit}', { toolkit: $toolkit }))
    ]
    return h('div', { class: 'help' },
      h('h3', { class: 'heading-m' }, t('Things to try')),
      h('ul', { class: 'list-bullet' }, tips),
      h('p', { class: 'small' }, t('You can search for a phrase by putting it in quotes, like “time banking”.')))
  }

  /** @param {unknown} error */
  renderError (error) {
    const detail = error instanceof ApiError && error.status === 422
      ? t('We could not search for that: {detail}', { detail: error.problem.detail })
      : t('Sorry, search is not working right now. Please try again later.')
    this.$count.textContent = t('There is a problem with the search')
    fill(this.$results, h('div', { class: 'help', role: 'alert' }, h('p', {}, detail)))
    this.$pages.replaceChildren()
  }
}
