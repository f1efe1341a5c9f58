/** A whole number (a place in the toolkit's order), typed in a text input with a number keypad. */

import { TextInput } from './text-input.js'
import { defineControl } from './registry.js'

export class NumberInput extends TextInput {
  static inputMode = 'numeric'

  /** A number, null when empty; anything else is sent as typed, for the API to explain. */
  read () {
    const text = (this.$control?.value ?? '').trim()
    if (!text) return null
    return /^\d{1,9}$/.test(text) ? Number(text) : text
  }
}

defineControl('number', NumberInput)
