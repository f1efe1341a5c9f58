/** Radios: a few options side by side under a legend, the first one chosen to start with. */

import { h } from '../dom.js'
import { Control } from './base.js'
import { choose } from './messages.js'
import { defineControl } from './registry.js'

export class Radios extends Control {
  static messages = { missing: choose }

  build () {
    /** @type {HTMLInputElement[]} */
    this.$radios = (this.field.options ?? []).map((option, index) =>
      h('input', { type: 'radio', id: index === 0 ? this.id : `${this.id}-${index}`, name: `${this.id}-radio`, value: String(option.value ?? ''), checked: index === 0 }))
    return this.fieldset({},
      h('div', { class: 'choices choices--inline' },
        (this.field.options ?? []).map((option, index) =>
          h('div', { class: 'choice' }, this.$radios[index], h('label', { for: this.$radios[index].id }, option.label)))))
  }

  read () {
    const index = this.$radios.findIndex(($radio) => $radio.checked)
    return this.field.options?.[index]?.value ?? null
  }

  /** @param {string | number | null | undefined} value */
  fill (value) {
    if (value === undefined) return
    const options = this.field.options ?? []
    this.$radios.forEach(($radio, index) => { $radio.checked = options[index].value === value })
  }

  focusTarget () {
    return this.$radios[0] ?? null
  }
}

defineControl('radios', Radios)
