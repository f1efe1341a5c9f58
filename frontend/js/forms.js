/**
 * Forms described as data (the deposit form and the editors' entry forms): each field knows
 * how to draw itself, read its value as the API wants it, take a value, and show an error.
 * The API's per-field errors (problem details, `errors[].field` such as `contributors.0.name`)
 * are shown next to their fields and listed in an error summary that takes focus, as in the
 * GOV.UK Design System.
 */

import { h, uid } from './dom.js'
import { Control, RepeatControl, isBlank, messageFor } from './form-controls.js'

/**
 * @typedef {object} Field
 * @property {string} name - the field's name in the API
 * @property {string} label
 * @property {'text' | 'email' | 'url' | 'textarea' | 'year' | 'number' | 'lines' | 'keywords' | 'select' | 'radios' | 'repeat' | 'custom' | 'honeypot'} type
 * @property {string} [hint]
 * @property {boolean} [optional] - shown as "(optional)"
 * @property {boolean} [nullable] - an empty value is sent as null (else as '')
 * @property {string} [autocomplete]
 * @property {'short' | 'year'} [width]
 * @property {number} [rows]
 * @property {Array<{ value: string, label: string }>} [options]
 * @property {string[]} [suggestions] - offered as a datalist
 * @property {Field[]} [fields] - the fields of each item of a repeat
 * @property {string} [itemName] - what one item of a repeat is called ("person")
 * @property {string} [addLabel] - the repeat's add button
 * @property {string} [missing] - the message when it is empty but must not be
 * @property {string} [invalid] - the message when it is not in the right form
 * @property {() => Widget} [create] - a custom field's widget
 */

/**
 * @typedef {object} Widget
 * @property {HTMLElement} $element
 * @property {() => unknown} read
 * @property {(value: any) => void} fill
 * @property {() => HTMLElement | null} focusTarget
 */

/** @typedef {{ field: string, message: string, code: string, location?: string }} FieldError */
/** @typedef {{ text: string, href: string | null }} SummaryItem */

export class FormFields {
  /**
   * @param {Array<Field | { legend: string, hint?: string, fields: Field[] }>} layout - fields,
   *   and groups of fields under a legend
   * @param {string} idPrefix
   */
  constructor (layout, idPrefix) {
    /** @type {Map<string, Control | RepeatControl>} */
    this.controls = new Map()
    this.$element = h('div', {},
      layout.map((part) => {
        if ('legend' in part) {
          return h('fieldset', { class: 'form-section' },
            h('legend', { class: 'legend--m' }, h('h2', { class: 'heading-l' }, part.legend)),
            part.hint ? h('p', { class: 'hint' }, part.hint) : null,
            part.fields.map((field) => this.make(field, idPrefix)))
        }
        return this.make(part, idPrefix)
      }))
  }

  /**
   * @param {Field} field
   * @param {string} idPrefix
   */
  make (field, idPrefix) {
    const id = `${idPrefix}-${field.name.replace(/[^a-z0-9_-]/gi, '')}`
    const control = field.type === 'repeat' ? new RepeatControl(field, id) : new Control(field, id)
    this.controls.set(field.name, control)
    return control.$group
  }

  /** @returns {Record<string, unknown>} */
  read () {
    const out = {}
    for (const [name, control] of this.controls) {
      const value = control.read()
      if (value !== undefined) /** @type {Record<string, unknown>} */ (out)[name] = value
    }
    return out
  }

  /** @param {Record<string, any>} entry */
  fill (entry) {
    for (const [name, control] of this.controls) {
      if (control instanceof RepeatControl || control.widget || name in entry) control.fill(entry[name])
    }
  }

  clearErrors () {
    for (const control of this.controls.values()) control.setError(null)
  }

  /**
   * Show the API's field errors by their fields; returns the error summary's items, in the
   * order of the form.
   * @param {FieldError[]} errors
   * @returns {SummaryItem[]}
   */
  showErrors (errors) {
    this.clearErrors()
    /** @type {Array<{ order: number, item: SummaryItem }>} */
    const items = []
    const names = [...this.controls.keys()]
    for (const error of errors) {
      const [name, index, sub] = (error.field ?? '').split('.')
      const control = this.controls.get(name)
      if (!control) {
        items.push({ order: Infinity, item: { text: error.field ? `${error.field}: ${error.message}` : error.message, href: null } })
        continue
      }
      let target = /** @type {Control | null} */ (control instanceof Control ? control : null)
      if (control instanceof RepeatControl) target = index !== undefined ? control.controlAt(Number(index), sub) : null
      const shown = target ?? control
      const message = messageFor(shown.field, error, isBlank(shown.read()))
      if (target && !target.$errorMessage) {
        target.setError(message)
      } else if (!target && !control.$errorMessage) {
        control.setError(message)
      }
      const $focus = (target ?? control).focusTarget()
      items.push({ order: names.indexOf(name) + (Number(index) || 0) / 1000, item: { text: message, href: $focus?.id ? `#${$focus.id}` : null } })
    }
    return items.sort((a, b) => a.order - b.order).map((i) => i.item)
  }
}

/**
 * The error summary: a box at the top of the form listing each problem as a link to its field.
 * It takes focus when it appears (see components/error-summary.js).
 * @param {SummaryItem[]} items
 * @param {string} [title]
 */
export function errorSummary (items, title = 'There is a problem') {
  const titleId = uid('error-summary-title')
  return h('div', { class: 'error-summary', role: 'alert', 'aria-labelledby': titleId, 'data-module': 'ckb-error-summary' },
    h('h2', { class: 'error-summary__title', id: titleId }, title),
    h('ul', { class: 'error-summary__list' },
      items.map((item) => h('li', {}, item.href ? h('a', { href: item.href }, item.text) : item.text))))
}
