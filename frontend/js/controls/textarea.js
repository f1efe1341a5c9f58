/** A text area, for text of more than one line (descriptions, outcomes, a reason). */

import { h } from '../dom.js'
import { Control } from './base.js'
import { defineControl } from './registry.js'

export class Textarea extends Control {
  /** Rows shown when the field does not say. */
  static rows = 5

  build () {
    const field = this.field
    return this.labelled(h('textarea', {
      id: this.id,
      name: field.name,
      'aria-describedby': this.hintId,
      autocomplete: field.autocomplete ?? null,
      class: 'textarea',
      rows: field.rows ?? /** @type {typeof Textarea} */ (this.constructor).rows,
      spellcheck: 'true'
    }))
  }

  /** The text without spaces at its end (those at the start may be Markdown). */
  read () {
    const text = (this.$control?.value ?? '').replace(/\s+$/, '')
    return text === '' && this.field.nullable ? null : text
  }
}

defineControl('textarea', Textarea)
