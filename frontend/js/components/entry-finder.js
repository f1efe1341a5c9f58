/**
 * Entry finder: a search box (with its own label and Find button) over entries in every
 * status, listing what it finds with a Choose button each. What a search means is the
 * caller's (`find`), so that the finder knows nothing of keys or the API. Enter finds rather
 * than sending a surrounding form; a live region says how many were found.
 */

import { fill, h } from '../dom.js'
import { t } from '../i18n.js'
import { kindLabel } from '../labels.js'

/** @typedef {{ kind: string, id: number, title: string, slug?: string }} EntryRef */

/**
 * @typedef {object} FinderOptions
 * @property {string} id - the search box's id
 * @property {string} label
 * @property {string} [hint]
 * @property {(q: string) => Promise<EntryRef[]>} find
 * @property {(entry: EntryRef) => void} choose
 */

export class EntryFinder {
  /** @param {FinderOptions} options */
  constructor (options) {
    this.options = options
    const hintId = `${options.id}-hint`
    this.$input = h('input', {
      class: 'input',
      id: options.id,
      type: 'search',
      spellcheck: 'false',
      'aria-describedby': options.hint ? hintId : null,
      on: { keydown: (event) => this.onKeydown(/** @type {KeyboardEvent} */ (event)) }
    })
    this.$status = h('p', { class: 'hint small', role: 'status' })
    this.$results = h('ul', { class: 'picker-results' })
    this.$element = h('div', { class: 'entry-finder' },
      h('label', { class: 'label', for: options.id }, options.label),
      options.hint ? h('span', { class: 'hint', id: hintId }, options.hint) : null,
      h('div', { class: 'search-form__row' },
        h('div', { class: 'search-form__box' }, this.$input),
        h('button', { type: 'button', class: 'button button--secondary', on: { click: () => this.search() } }, t('Find'))),
      this.$status,
      this.$results)
  }

  /** @param {KeyboardEvent} event */
  onKeydown (event) {
    if (event.key === 'Enter') {
      event.preventDefault()
      this.search()
    }
  }

  async search () {
    const q = this.$input.value.trim()
    if (!q) {
      this.$status.textContent = t('Enter words from its title to find it.')
      this.$input.focus()
      return
    }
    this.$status.textContent = t('Searching…')
    try {
      const found = await this.options.find(q)
      this.$status.textContent = found.length
        ? t('{count} found. Choose the one you mean.', { count: found.length })
        : t('Nothing found. Try other words.')
      fill(this.$results, ...found.map((entry) =>
        h('li', {},
          h('span', {}, entry.title, h('span', { class: 'meta' }, ` – ${t(kindLabel(entry.kind))}`)),
          h('button', { type: 'button', class: 'button button--secondary button--small', on: { click: () => this.options.choose(entry) } },
            t('Choose'), h('span', { class: 'visually-hidden' }, ` “${entry.title}”`)))))
    } catch {
      this.$status.textContent = t('Sorry, we could not search. Please try again.')
    }
  }

  focus () {
    this.$input.focus()
  }
}
