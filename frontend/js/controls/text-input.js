/**
 * Text inputs of one line: plain text (with suggestions as a datalist), email addresses, web
 * addresses and passwords (API keys). Each is the same input with another type attribute.
 */

import { h } from '../dom.js'
import { Control } from './base.js'
import { MESSAGES } from './messages.js'
import { defineControl } from './registry.js'

export class TextInput extends Control {
  /** The input's type attribute. */
  static inputType = 'text'
  /** @type {string | null} the inputmode attribute */
  static inputMode = null
  /** Spelling is not checked in addresses and keys. */
  static spellcheck = true

  get inputClass () {
    return this.field.width === 'short' ? 'input input--short' : 'input'
  }

  build () {
    const field = this.field
    const Type = /** @type {typeof TextInput} */ (this.constructor)
    const listId = field.suggestions ? `${this.id}-list` : null
    const $input = h('input', {
      id: this.id,
      name: field.name,
      'aria-describedby': this.hintId,
      autocomplete: field.autocomplete ?? null,
      class: this.inputClass,
      type: Type.inputType,
      inputmode: Type.inputMode,
      spellcheck: Type.spellcheck ? null : 'false',
      list: listId
    })
    const $list = listId ? h('datalist', { id: listId }, (field.suggestions ?? []).map((s) => h('option', { value: s }))) : null
    return this.labelled($input, $list)
  }

  /** The text without spaces around it; empty is null when the API allows it. */
  read () {
    const text = (this.$control?.value ?? '').trim()
    return text === '' && this.field.nullable ? null : text
  }
}

export class EmailInput extends TextInput {
  static inputType = 'email'
  static spellcheck = false
  // The API checks an address against a pattern: not matching it means it is not in the right form.
  static messages = { string_pattern_mismatch: MESSAGES.email }
}

export class UrlInput extends TextInput {
  static inputType = 'url'
  static spellcheck = false
}

export class PasswordInput extends TextInput {
  static inputType = 'password'
  static spellcheck = false
}

defineControl('text', TextInput)
defineControl('email', EmailInput)
defineControl('url', UrlInput)
defineControl('password', PasswordInput)
