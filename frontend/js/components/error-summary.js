/**
 * Error summary (data-module="ckb-error-summary"), as in GOV.UK Frontend: takes focus when it
 * appears, and its links move focus to the field with the problem, scrolling its label into
 * view.
 */

import { defineModule } from '../modules.js'

export class ErrorSummary {
  /** @param {HTMLElement} $root */
  constructor ($root) {
    this.$root = $root
    $root.setAttribute('tabindex', '-1')
    $root.addEventListener('click', (event) => this.onClick(event))
    $root.focus()
    $root.scrollIntoView({ block: 'start' })
  }

  /** @param {MouseEvent} event */
  onClick (event) {
    const $link = /** @type {Element} */ (event.target).closest('a[href^="#"]')
    if (!$link) return
    const $field = document.getElementById(($link.getAttribute('href') ?? '').slice(1))
    if (!$field) return
    event.preventDefault()
    const $label = $field.closest('fieldset')?.querySelector('legend') ?? document.querySelector(`label[for="${CSS.escape($field.id)}"]`)
    ;($label ?? $field).scrollIntoView({ block: 'start' })
    $field.focus({ preventScroll: true })
  }
}

defineModule('ckb-error-summary', ErrorSummary)
