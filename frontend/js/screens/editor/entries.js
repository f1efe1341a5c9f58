/**
 * Add or change entries (/editor/entries?q=…): links to add an entry of each kind, and a
 * search over entries in every status to find one to change.
 */

import { getJson } from '../../api.js'
import { fill, h } from '../../dom.js'
import { KIND_NAMES, kindLabel, pageTitle } from '../../labels.js'
import { navigate } from '../../navigation.js'
import { localeTag, t, tn } from '../../i18n.js'
import { kindWords } from './entry-form.js'

export class EntriesView {
  /**
   * @param {HTMLElement} $view
   * @param {string} key
   */
  constructor ($view, key) {
    this.$view = $view
    this.key = key
  }

  /** @param {URL} url */
  async show (url) {
    const q = url.searchParams.get('q') ?? ''
    document.title = pageTitle(t('Add or change entries – Editors'))
    const $input = h('input', { class: 'input', id: 'find-entry', name: 'q', type: 'search', value: q, spellcheck: 'false' })
    const $results = h('div', {})
    fill(this.$view, 
      h('h1', {}, t('Add or change entries')),
      h('h2', {}, t('Add an entry')),
      h('ul', { class: 'list-bullet' },
        KIND_NAMES.map((kind) => h('li', {}, h('a', { href: `/editor/new/${kind}` }, kindWords(kind).add)))),
      h('h2', {}, t('Change an entry')),
      h('form', { class: 'search-form', role: 'search', on: { submit: (event) => { event.preventDefault(); navigate(`/editor/entries?${new URLSearchParams({ q: $input.value.trim() })}`, { focus: 'keep' }) } } },
        h('label', { class: 'label', for: 'find-entry' }, t('Find it by its title or words in it')),
        h('span', { class: 'hint', id: 'find-entry-hint' }, t('This finds entries that are not published too.')),
        h('div', { class: 'search-form__row' }, h('div', { class: 'search-form__box' }, $input), h('button', { class: 'button', type: 'submit' }, t('Find')))),
      $results
    )
    $input.setAttribute('aria-describedby', 'find-entry-hint')
    if (!q) return
    const $count = h('p', { role: 'status', class: 'result-count' }, t('Searching…'))
    fill($results, $count)
    try {
      const page = await getJson('/api/v1/search', { key: this.key, params: { q, status: 'any', per_page: 50 } })
      $count.textContent = tn('{count} entry found', '{count} entries found', page.total, { count: page.total.toLocaleString(localeTag()) })
      $results.append(
        h('ul', { class: 'results' },
          page.items.map((/** @type {Record<string, any>} */ item) =>
            h('li', { class: 'result' },
              h('h3', { class: 'result__title' }, h('a', { href: `/editor/edit/${item.kind}/${item.id}` }, item.title, h('span', { class: 'visually-hidden' }, ' (' + t('change it') + ')'))),
              h('p', { class: 'result__meta' }, kindLabel(item.kind))))))
    } catch {
      $count.textContent = t('Sorry, we could not search. Please try again later.')
    }
  }
}
