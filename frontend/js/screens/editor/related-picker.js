/**
 * Related entries, in the editors' entry form: the entries this one links to, each with a
 * Remove button, and a search to find more to add. Read as [{kind, id}], as the API takes them.
 */

import { getJson } from '../../api.js'
import { fill, h, uid } from '../../dom.js'
import { kindLabel } from '../../labels.js'

/** @typedef {{ kind: string, id: number, title: string }} Ref */

export class RelatedPicker {
  /**
   * @param {string} key
   * @param {() => { kind: string, id: number | null }} self - the entry being edited
   */
  constructor (key, self) {
    this.key = key
    this.self = self
    /** @type {Ref[]} */
    this.picked = []
    const id = uid('related')
    this.$picked = h('ul', { class: 'picked', 'aria-labelledby': `${id}-legend` })
    this.$input = h('input', { class: 'input', id: `${id}-find`, type: 'search', spellcheck: 'false', on: { keydown: (event) => this.onKeydown(/** @type {KeyboardEvent} */ (event)) } })
    this.$results = h('ul', { class: 'picker-results' })
    this.$status = h('p', { class: 'hint small', role: 'status' })
    this.$element = h('fieldset', { class: 'form-group' },
      h('legend', { class: 'legend--m', id: `${id}-legend` }, 'Related entries (optional)'),
      h('span', { class: 'hint' }, 'Other entries that go with this one. Each will link to the other.'),
      this.$picked,
      h('label', { class: 'label', for: `${id}-find` }, 'Find an entry to add'),
      h('div', { class: 'search-form__row' },
        h('div', { class: 'search-form__box' }, this.$input),
        h('button', { type: 'button', class: 'button button--secondary', on: { click: () => this.find() } }, 'Find')),
      this.$status,
      this.$results)
    this.renderPicked()
  }

  /** @param {KeyboardEvent} event */
  onKeydown (event) {
    if (event.key === 'Enter') {
      event.preventDefault() // find, rather than send the whole form
      this.find()
    }
  }

  async find () {
    const q = this.$input.value.trim()
    if (!q) return
    this.$status.textContent = 'Searching…'
    try {
      const page = await getJson('/api/v1/search', { key: this.key, params: { q, status: 'any', per_page: 10 } })
      const self = this.self()
      const found = page.items.filter((/** @type {Ref} */ item) => !(item.kind === self.kind && item.id === self.id))
      this.$status.textContent = found.length ? `${found.length} found. Choose Add next to the one you want.` : 'Nothing found. Try other words.'
      fill(this.$results, ...found.map((/** @type {Ref} */ item) =>
        h('li', {},
          h('span', {}, item.title, h('span', { class: 'meta' }, ` – ${kindLabel(item.kind)}`)),
          h('button', { type: 'button', class: 'button button--secondary button--small', on: { click: () => this.add(item) } }, 'Add', h('span', { class: 'visually-hidden' }, ` “${item.title}”`)))))
    } catch {
      this.$status.textContent = 'Sorry, we could not search. Please try again.'
    }
  }

  /** @param {Ref} item */
  add (item) {
    if (!this.picked.some((p) => p.kind === item.kind && p.id === item.id)) {
      this.picked.push({ kind: item.kind, id: item.id, title: item.title })
    }
    this.renderPicked()
    this.$status.textContent = `Added “${item.title}”. It is saved when you save the entry.`
    this.$input.focus()
  }

  /** @param {Ref} item */
  remove (item) {
    this.picked = this.picked.filter((p) => !(p.kind === item.kind && p.id === item.id))
    this.renderPicked()
    this.$status.textContent = `Removed “${item.title}”.`
    this.$input.focus()
  }

  renderPicked () {
    fill(this.$picked, ...(this.picked.length
      ? this.picked.map((item) =>
        h('li', {},
          h('span', {}, item.title, h('span', { class: 'meta' }, ` – ${kindLabel(item.kind)}`)),
          h('button', { type: 'button', class: 'link-button', on: { click: () => this.remove(item) } }, 'Remove', h('span', { class: 'visually-hidden' }, ` “${item.title}”`))))
      : [h('li', { class: 'meta' }, 'None yet.')]))
  }

  read () {
    return this.picked.map(({ kind, id }) => ({ kind, id }))
  }

  /** @param {Ref[] | undefined} related */
  fill (related) {
    this.picked = (related ?? []).map(({ kind, id, title }) => ({ kind, id, title }))
    this.renderPicked()
  }

  focusTarget () {
    return this.$input
  }
}
