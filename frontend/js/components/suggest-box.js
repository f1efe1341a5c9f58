/**
 * Suggestions as you type (data-module="ckb-suggest" around a text input): the ARIA 1.2
 * combobox pattern with a list box. Up and Down move through the suggestions, Enter opens
 * the one chosen, Escape closes the list; a live region says how many there are. A title
 * opens its entry; a keyword searches for entries with that keyword.
 */

import { getJson, isAbort } from '../api.js'
import { fill, h, uid } from '../dom.js'
import { entryPath, kindLabel } from '../labels.js'
import { defineModule } from '../modules.js'
import { navigate } from '../navigation.js'
import { t, tn } from '../i18n.js'

const MIN_CHARS = 2
const DELAY_MS = 150

/** @typedef {{ label: string, detail: string, url: string, lang?: string }} Suggestion */

export class SuggestBox {
  /** @param {HTMLElement} $root */
  constructor ($root) {
    const $input = $root.querySelector('input')
    if (!$input) throw new Error('ckb-suggest needs an input')
    this.$input = $input
    this.listId = uid('suggestions')
    this.$list = h('ul', { id: this.listId, role: 'listbox', class: 'suggestions', 'aria-label': t('Suggestions') })
    this.$list.hidden = true
    this.$status = h('div', { role: 'status', class: 'visually-hidden' })
    $root.append(this.$list, this.$status)

    /** @type {Suggestion[]} */
    this.options = []
    this.active = -1
    /** @type {AbortController | null} */
    this.request = null
    this.timer = 0

    $input.setAttribute('role', 'combobox')
    $input.setAttribute('aria-autocomplete', 'list')
    $input.setAttribute('aria-expanded', 'false')
    $input.setAttribute('aria-controls', this.listId)
    $input.setAttribute('autocomplete', 'off')
    $input.addEventListener('input', () => this.onInput())
    $input.addEventListener('keydown', (event) => this.onKeydown(event))
    $input.addEventListener('blur', () => this.close())
    // Choosing with the mouse must not blur the input first (which would close the list).
    this.$list.addEventListener('mousedown', (event) => event.preventDefault())
    this.$list.addEventListener('click', (event) => {
      const $option = /** @type {Element} */ (event.target).closest('[role="option"]')
      if ($option) this.pick(Number($option.getAttribute('data-index')))
    })
  }

  onInput () {
    window.clearTimeout(this.timer)
    const text = this.$input.value.trim()
    if (text.length < MIN_CHARS) {
      this.request?.abort()
      this.show([])
      return
    }
    this.timer = window.setTimeout(() => this.fetch(text), DELAY_MS)
  }

  /** @param {string} text */
  async fetch (text) {
    this.request?.abort()
    this.request = new AbortController()
    try {
      const data = await getJson('/api/v1/search/suggest', { params: { q: text, limit: 6 }, signal: this.request.signal })
      if (this.$input.value.trim() !== text || document.activeElement !== this.$input) return
      /** @type {Suggestion[]} */
      const options = [
        ...data.titles.map((/** @type {any} */ found) => ({ label: found.title, lang: found.lang, detail: kindLabel(found.kind), url: entryPath(found.kind, found.slug) })),
        ...data.keywords.map((/** @type {any} */ k) => ({
          label: k.value,
          detail: t('Keyword'),
          url: `/search?${new URLSearchParams({ keyword: k.value })}`
        }))
      ]
      this.show(options)
    } catch (error) {
      if (!isAbort(error)) this.show([]) // suggestions are a help, not essential: say nothing
    }
  }

  /** @param {Suggestion[]} options */
  show (options) {
    this.options = options
    this.active = -1
    fill(this.$list, 
      ...options.map((option, index) =>
        h('li', {
          id: `${this.listId}-${index}`,
          role: 'option',
          class: 'suggestions__option',
          'aria-selected': 'false',
          'data-index': index
        },
        h('span', { class: 'suggestions__label', lang: option.lang }, option.label),
        h('span', { class: 'suggestions__kind' }, option.detail))
      )
    )
    const open = options.length > 0
    this.$list.hidden = !open
    this.$input.setAttribute('aria-expanded', String(open))
    this.$input.removeAttribute('aria-activedescendant')
    this.$status.textContent = open
      ? tn('{count} suggestion. Use the up and down arrow keys to choose, then press Enter.', '{count} suggestions. Use the up and down arrow keys to choose, then press Enter.', options.length)
      : ''
  }

  close () {
    if (!this.$list.hidden) this.show([])
  }

  /** @param {number} index - -1 for none (back in the text box) */
  highlight (index) {
    this.active = index
    for (const $option of this.$list.children) {
      const selected = Number($option.getAttribute('data-index')) === index
      $option.setAttribute('aria-selected', String(selected))
      if (selected) $option.scrollIntoView({ block: 'nearest' })
    }
    if (index >= 0) {
      this.$input.setAttribute('aria-activedescendant', `${this.listId}-${index}`)
    } else {
      this.$input.removeAttribute('aria-activedescendant')
    }
  }

  /** @param {KeyboardEvent} event */
  onKeydown (event) {
    const count = this.options.length
    switch (event.key) {
      case 'ArrowDown':
        if (!count) return
        event.preventDefault()
        this.highlight(this.active + 1 >= count ? 0 : this.active + 1)
        break
      case 'ArrowUp':
        if (!count) return
        event.preventDefault()
        this.highlight(this.active <= 0 ? -1 : this.active - 1)
        break
      case 'Enter':
        if (this.active >= 0) {
          event.preventDefault()
          this.pick(this.active)
        } else {
          this.close()
        }
        break
      case 'Escape':
        if (count) {
          event.preventDefault()
          this.close()
        }
        break
      case 'Tab':
        this.close()
        break
    }
  }

  /** @param {number} index */
  pick (index) {
    const option = this.options[index]
    if (!option) return
    this.close()
    window.clearTimeout(this.timer)
    this.request?.abort()
    navigate(option.url)
  }
}

defineModule('ckb-suggest', SuggestBox)
