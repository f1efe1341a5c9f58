/**
 * A list to choose one option from. Options keep the API's values (a number, null), read back
 * by their place in the list, since an option element holds only text.
 */

import { h } from '../dom.js'
import { Control } from './base.js'
import { choose } from './messages.js'
import { defineControl } from './registry.js'

export class Select extends Control {
  static messages = { missing: choose }

  build () {
    const field = this.field
    return this.labelled(h('select', { id: this.id, name: field.name, 'aria-describedby': this.hintId, autocomplete: field.autocomplete ?? null, class: 'select' },
      (field.options ?? []).map((option) => h('option', { value: String(option.value ?? '') }, option.label))))
  }

  read () {
    const $select = /** @type {HTMLSelectElement} */ (this.$control)
    return this.field.options?.[$select.selectedIndex]?.value ?? null
  }

  /** @param {string | number | null | undefined} value */
  fill (value) {
    if (value === undefined) return
    const $select = /** @type {HTMLSelectElement} */ (this.$control)
    $select.selectedIndex = (this.field.options ?? []).findIndex((option) => option.value === value)
  }
}

defineControl('select', Select)
