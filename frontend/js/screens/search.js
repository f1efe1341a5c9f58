/**
 * The search screen (/ and /search): one box with suggestions, results with their matched
 * words marked, filters by kind, type, keyword and decade, sorting and pages. Everything the
 * screen shows comes from the URL (?q=&kind=&type=&keyword=&decade=&sort=&page=), so a search
 * can be shared and Back returns to the one before.
 */

import { ApiError, getJson, isAbort } from '../api.js'
import { fill, h, uid } from '../dom.js'
import { entryPath, kindLabel, pageTitle, plural } from '../labels.js'
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
    this.$heading = h('h1', {}, 'Search the knowledge base')
    this.$lead = h('p', { class: 'lead' },
      'Find reports, tools, research, case studies and networks about co-production: people who use public services and people who run them, working together as equals.')
    this.$input = h('input', { class: 'input', id: inputId, name: 'q', type: 'search', 'aria-describedby': hintId, spellcheck: 'false', enterkeyhint: 'search' })
    this.$form = h('form', { class: 'search-form', role: 'search', action: '/search', method: 'get', on: { submit: (e) => this.onSubmit(e) } },
      h('label', { class: 'label', for: inputId }, 'Search for words or a phrase'),
      h('span', { class: 'hint', id: hintId }, 'For example: participatory budgeting, time banking, mental health'),
      h('div', { class: 'search-form__row' },
        h('div', { class: 'search-form__box', 'data-module': 'ckb-suggest' }, this.$input),
        h('button', { class: 'button', type: 'submit' }, 'Search')))

    this.$count = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite', tabindex: '-1' })
    this.$sort = h('select', { class: 'select', id: uid('sort'), on: { change: () => this.onSort() } },
      h('option', { value: 'relevance' }, 'Best match'),
      h('option', { value: 'newest' }, 'Newest first'),
      h('option', { value: 'title' }, 'Title (A to Z)'))
    this.$results = h('div', { class: 'results-area' })
    this.$pages = h('div')
    this.$filters = h('div', { class: 'facets-body' })
    this.$summaryText = h('span', {}, 'Filter results')
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
          h('h2', { class: 'visually-hidden' }, 'Results'),
          this.$count,
          h('div', { class: 'sort' }, h('label', { class: 'label', for: this.$sort.id }, 'Sort by'), this.$sort),
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
    this.$summaryText.textContent = filterCount(state) ? `Filter results (${filterCount(state)} chosen)` : 'Filter results'
    document.title = pageTitle(state.q ? `Search results for “${state.q}”` : 'Search')
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
    const withFilters = filters ? `, with ${plural(filters, 'filter')}` : ''
    const pages = Math.max(1, Math.ceil(total / PER_PAGE))
    if (total === 0) {
      this.$count.textContent = `No results${state.q ? ` for “${state.q}”` : ''}${withFilters}`
    } else {
      const pageText = pages > 1 ? `. Page ${state.page} of ${Math.min(pages, MAX_PAGE)}` : ''
      this.$count.textContent = `${plural(total, 'result')}${state.q ? ` for “${state.q}”` : ''}${withFilters}${pageText}`
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
    const tips = [
      h('li', {}, 'check the spelling'),
      h('li', {}, 'use fewer words, or other words that mean the same thing'),
      filterCount(state)
        ? h('li', {}, h('a', { href: searchUrl(withoutFilters(state)) }, 'remove all filters'))
        : null,
      h('li', {}, 'look through ', h('a', { href: '/toolkit' }, 'the co-production toolkit'))
    ]
    return h('div', { class: 'help' },
      h('h3', { class: 'heading-m' }, 'Things to try'),
      h('ul', { class: 'list-bullet' }, tips),
      h('p', { class: 'small' }, 'You can search for a phrase by putting it in quotes, like “time banking”.'))
  }

  /** @param {unknown} error */
  renderError (error) {
    const detail = error instanceof ApiError && error.status === 422
      ? `We could not search for that: ${error.problem.detail}`
      : 'Sorry, search is not working right now. Please try again later.'
    this.$count.textContent = 'There is a problem with the search'
    fill(this.$results, h('div', { class: 'help', role: 'alert' }, h('p', {}, detail)))
    this.$pages.replaceChildren()
  }
}
