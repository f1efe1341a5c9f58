/**
 * Related entries: the entries this one links to, each with a Remove button, and a search to
 * find more to add (the field's `find`, so that the picker knows nothing of keys or the API).
 * Read as [{kind, id}], as the API takes them.
 */

import { fill, h } from '../dom.js'
import { kindLabel } from '../labels.js'
import { Control } from './base.js'
import { defineControl } from './registry.js'
import { t, tn } from '../i18n.js'

/** @typedef {{ kind: string, id: number, title: string }} Ref */

export class RelatedPicker extends Control {
  static messages = {
    not_found: () => t('One of the related entries no longer exists. Remove it, then save again')
  }

  build () {
    /** @type {Ref[]} */
    this.picked = []
    const legendId = `${this.id}-legend`
    this.$picked = h('ul', { class: 'picked', 'aria-labelledby': legendId })
    this.$input = h('input', { class: 'input', id: `${this.id}-find`, type: 'search', spellcheck: 'false', on: { keydown: (event) => this.onKeydown(/** @type {KeyboardEvent} */ (event)) } })
    this.$results = h('ul', { class: 'picker-results' })
    this.$status = h('p', { class: 'hint small', role: 'status' })
    this.renderPicked()
    return this.fieldset({ class: 'legend--m', id: legendId },
      this.$picked,
      h('label', { class: 'label', for: this.$input.id }, t('Find an entry to add')),
      h('div', { class: 'search-form__row' },
        h('div', { class: 'search-form__box' }, this.$input),
        h('button', { type: 'button', class: 'button button--secondary', on: { click: () => this.find() } }, t('Find'))),
      this.$status,
      this.$results)
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
    if (!q || !this.field.find) return
    this.$status.textContent = t('Searching…')
    try {
      const found = await this.field.find(q)
      this.$status.textContent = found.length
        ? tn('{count} found. Choose Add next to the one you want.', '{count} found. Choose Add next to the one you want.', found.length)
        : t('Nothing found. Try other words.')
      fill(this.$results, ...found.map((item) =>
        h('li', {},
          this.title(item),
          h('button', { type: 'button', class: 'button button--secondary button--small', on: { click: () => this.add(item) } }, t('Add'), h('span', { class: 'visually-hidden' }, ` “${item.title}”`)))))
    } catch {
      this.$status.textContent = t('Sorry, we could not search. Please try again.')
    }
  }

  /** @param {Ref} item */
  title (item) {
    return h('span', {}, item.title, h('span', { class: 'meta' }, ` – ${kindLabel(item.kind)}`))
  }

  /** @param {Ref} item */
  add (item) {
    if (!this.picked.some((p) => p.kind === item.kind && p.id === item.id)) {
      this.picked.push({ kind: item.kind, id: item.id, title: item.title })
    }
    this.renderPicked()
    this.$status.textContent = t('Added “{title}”. It is saved when you save the entry.', { title: item.title })
    this.$input.focus()
  }

  /** @param {Ref} item */
  remove (item) {
    this.picked = this.picked.filter((p) => !(p.kind === item.kind && p.id === item.id))
    this.renderPicked()
    this.$status.textContent = t('Removed “{title}”.', { title: item.title })
    this.$input.focus()
  }

  renderPicked () {
    fill(this.$picked, ...(this.picked.length
      ? this.picked.map((item) =>
        h('li', {},
          this.title(item),
          h('button', { type: 'button', class: 'link-button', on: { click: () => this.remove(item) } }, t('Remove'), h('span', { class: 'visually-hidden' }, ` “${item.title}”`))))
      : [h('li', { class: 'meta' }, t('None yet.'))]))
  }

  read () {
    return this.picked.map(({ kind, id }) => ({ kind, id }))
  }

  /** @param {Ref[] | undefined} related - undefined empties it too */
  fill (related) {
    this.picked = (related ?? []).map(({ kind, id, title }) => ({ kind, id, title }))
    this.renderPicked()
  }

  focusTarget () {
    return this.$input
  }
}

defineControl('related', RelatedPicker)
