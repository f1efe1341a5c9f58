/**
 * The search screen's filters: kinds, types and keywords as checkboxes ("any of" for kinds and
 * types, "all of" for keywords, as the API applies them), decades as links. A change searches
 * at once (the URL changes, so Back undoes it), and focus stays on the control that changed.
 */

import { fill, h, hidden, uid } from '../../dom.js'
import { localeTag, t } from '../../i18n.js'
import { kindsLabel, typeLabel } from '../../labels.js'
import { navigate } from '../../navigation.js'
import { filterCount, searchUrl, withoutFilters } from './state.js'

/** @typedef {import('./state.js').SearchState} SearchState */
/** @typedef {{ value: string | number, count: number }} FacetValue */
/** @typedef {Record<string, FacetValue[]>} Facets */

const FACET_SHOWN = 10 // values of a long filter shown before "Show all"

export class SearchFilters {
  /** @param {HTMLElement} $root */
  constructor ($root) {
    this.$root = $root
    /** @type {Set<string>} filters whose values are all shown */
    this.showAll = new Set()
    /** @type {SearchState | null} */
    this.state = null
    /** @type {Facets} */
    this.facets = {}
    $root.addEventListener('change', (event) => this.onChange(event))
  }

  /**
   * @param {SearchState} state
   * @param {Facets} facets
   */
  render (state, facets) {
    this.state = state
    this.facets = facets
    const parts = [
      this.checkboxes('kind', t('What kind of entry'), state.kind, facets.kind ?? [], kindsLabel, {
        all: t('Show all {count} kinds'), fewer: t('Show fewer kinds')
      }),
      this.checkboxes('type', t('Type'), state.type, facets.type ?? [], typeLabel, {
        all: t('Show all {count} types'), fewer: t('Show fewer types')
      }),
      this.checkboxes('keyword', t('Keyword'), state.keyword, facets.keyword ?? [], (v) => v, {
        all: t('Show all {count} keywords'), fewer: t('Show fewer keywords')
      }),
      this.decades(state, facets.decade ?? [])
    ]
    if (filterCount(state)) {
      parts.push(h('p', {}, h('a', { href: searchUrl(withoutFilters(state)), 'data-focus': 'keep' }, t('Remove all filters'))))
    }
    fill(this.$root, ...parts)
  }

  /** @param {Event} event */
  onChange (event) {
    const $input = /** @type {HTMLInputElement} */ (event.target)
    const name = /** @type {'kind' | 'type' | 'keyword'} */ ($input.dataset.facet)
    if (!this.state || !['kind', 'type', 'keyword'].includes(name)) return
    const values = this.state[name].filter((v) => v !== $input.value)
    if ($input.checked) values.push($input.value)
    navigate(searchUrl({ ...this.state, [name]: values, page: 1 }), { focus: 'keep' })
  }

  /** Which filter control has focus, to find it again once the filters are redrawn. */
  focusKey () {
    const $active = document.activeElement
    if (!($active instanceof HTMLElement) || !this.$root.contains($active)) return null
    return { facet: $active.dataset.facet ?? '', value: $active.dataset.value ?? $active.getAttribute('value') ?? '' }
  }

  /** @param {{ facet: string, value: string } | null} key */
  restoreFocus (key) {
    if (!key) return
    for (const $control of this.$root.querySelectorAll('[data-facet]')) {
      const value = /** @type {HTMLElement} */ ($control).dataset.value ?? $control.getAttribute('value') ?? ''
      if ($control.getAttribute('data-facet') === key.facet && value === key.value) {
        /** @type {HTMLElement} */ ($control).focus()
        return
      }
    }
  }

  /**
   * A group of checkboxes for a filter; chosen values stay listed even when their count is 0.
   * @param {'kind' | 'type' | 'keyword'} name
   * @param {string} legend
   * @param {string[]} chosen
   * @param {FacetValue[]} values
   * @param {(value: string) => string} label
   * @param {{ all: string, fewer: string }} more - the button's words, "Show all {count} keywords" (translated)
   */
  checkboxes (name, legend, chosen, values, label, more) {
    const list = values.map((v) => ({ value: String(v.value), count: v.count }))
    for (const value of chosen) {
      if (!list.some((v) => v.value === value)) list.push({ value, count: 0 })
    }
    if (!list.length) return null
    const all = this.showAll.has(name)
    const visible = all || list.length <= FACET_SHOWN
      ? list
      : list.filter((v, i) => i < FACET_SHOWN || chosen.includes(v.value))
    const listId = uid(`facet-${name}`)
    const $fieldset = h('fieldset', { class: 'facet' },
      h('legend', {}, legend),
      h('ul', { class: 'choices', id: listId },
        visible.map((item) => {
          const id = uid(`filter-${name}`)
          return h('li', { class: 'choice' },
            h('input', { type: 'checkbox', id, value: item.value, 'data-facet': name, checked: chosen.includes(item.value) }),
            h('label', { for: id }, label(item.value), ' ', h('span', { class: 'facet__count' }, `(${item.count.toLocaleString(localeTag())})`)))
        })))
    if (visible.length < list.length || (all && list.length > FACET_SHOWN)) {
      const hiding = visible.length < list.length
      $fieldset.append(h('button', {
        type: 'button',
        class: 'link-button facet__more',
        'aria-controls': listId,
        'aria-expanded': String(!hiding),
        'data-facet': `${name}-more`,
        on: {
          click: () => {
            if (hiding) this.showAll.add(name)
            else this.showAll.delete(name)
            const key = this.focusKey()
            if (this.state) this.render(this.state, this.facets)
            this.restoreFocus(key)
          }
        }
      }, hiding ? more.all.replace('{count}', list.length.toLocaleString(localeTag())) : more.fewer))
    }
    return $fieldset
  }

  /**
   * Decades are one choice at a time, so they are links: moving through them with the
   * keyboard does not search on every step, as radio buttons would.
   * @param {SearchState} state
   * @param {FacetValue[]} values
   */
  decades (state, values) {
    const decades = values.map((v) => ({ value: Number(v.value), count: v.count }))
    if (state.decade !== null && !decades.some((d) => d.value === state.decade)) decades.push({ value: state.decade, count: 0 })
    if (!decades.length) return null
    decades.sort((a, b) => b.value - a.value)
    const link = (/** @type {number | null} */ decade, /** @type {string} */ text, /** @type {number | null} */ count) => {
      const current = state.decade === decade
      return h('li', {},
        h('a', {
          href: searchUrl({ ...state, decade, page: 1 }),
          'data-facet': 'decade',
          'data-value': decade === null ? 'any' : String(decade),
          'data-focus': 'keep',
          'aria-current': current ? 'true' : null,
          class: current ? 'facet__current' : null
        }, text, count === null ? null : h('span', { class: 'facet__count' }, ` (${count.toLocaleString(localeTag())})`), current ? hidden(t(' (chosen)')) : null))
    }
    return h('fieldset', { class: 'facet' },
      h('legend', {}, t('When')),
      h('ul', { class: 'list-plain' },
        link(null, t('Any time'), null),
        decades.map((d) => link(d.value, t('{decade}s', { decade: d.value }), d.count))))
  }
}
