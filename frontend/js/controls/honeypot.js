/**
 * A field for bots: hidden from everyone (display: none), so people never fill it in, and the
 * API refuses what comes with it filled. It has no link in the error summary: there is nothing
 * a person could do there.
 */

import { h } from '../dom.js'
import { Control } from './base.js'
import { defineControl } from './registry.js'
import { t } from '../i18n.js'

export class Honeypot extends Control {
  static messages = {
    honeypot: () => t('Sorry, we could not send this because it looked as if a computer sent it. Please try again')
  }

  build () {
    this.$control = h('input', { id: this.id, name: this.field.name, type: 'text', tabindex: '-1', autocomplete: 'off' })
    return h('div', { class: 'honeypot' }, h('label', { for: this.id }, t('Leave this empty')), this.$control)
  }

  read () {
    return (this.$control?.value ?? '').trim()
  }

  focusTarget () {
    return null
  }
}

defineControl('honeypot', Honeypot)
