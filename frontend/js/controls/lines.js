/** A list typed one item a line (organisations, authors), sent as a list. */

import { Textarea } from './textarea.js'
import { defineControl } from './registry.js'

export class Lines extends Textarea {
  static rows = 3

  read () {
    return (this.$control?.value ?? '').split('\n').map((line) => line.trim()).filter(Boolean)
  }

  /** @param {string[] | null | undefined} value */
  fill (value) {
    if (value !== undefined) super.fill((value ?? []).join('\n'))
  }
}

defineControl('lines', Lines)
