/** Keywords: one line of words with commas (or semicolons) between them, sent as a list. */

import { TextInput } from './text-input.js'
import { defineControl } from './registry.js'

export class Keywords extends TextInput {
  read () {
    return (this.$control?.value ?? '').split(/[,;]/).map((word) => word.trim()).filter(Boolean)
  }

  /** @param {string[] | null | undefined} value */
  fill (value) {
    if (value !== undefined) super.fill((value ?? []).join(', '))
  }
}

defineControl('keywords', Keywords)
