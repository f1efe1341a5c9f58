/**
 * Error summary (data-module="ckb-error-summary"), as in GOV.UK Frontend: a box at the top of
 * a form listing each problem as a link to its field. It takes focus when it appears, and its
 * links move focus to the field with the problem, scrolling its label into view.
 */

import { h, uid } from '../dom.js'
import { defineModule } from '../modules.js'
import { t } from '../i18n.js'

/** @typedef {{ text: string, href: string | null }} SummaryItem */

/**
 * The summary's markup; initAll starts it.
 * @param {SummaryItem[]} items
 * @param {string} [title]
 */
export function errorSummary (items, title = t('There is a problem')) {
  const titleId = uid('error-summary-title')
  return h('div', { class: 'error-summary', role: 'alert', 'aria-labelledby': titleId, 'data-module': 'ckb-error-summary' },
    h('h2', { class: 'error-summary__title', id: titleId }, title),
    h('ul', { class: 'error-summary__list' },
      items.map((item) => h('li', {}, item.href ? h('a', { href: item.href }, item.text) : item.text))))
}

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
