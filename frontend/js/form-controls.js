/**
 * The fields of a form (see forms.js): one field (a text box, text area, list of choices or a
 * custom widget), and a repeating group of fields (people, reports, links) that can be added
 * to and removed. Each reads its value as the API takes it and shows its own error.
 */

import { h, uid } from './dom.js'

/** @typedef {import('./forms.js').Field} Field */
/** @typedef {import('./forms.js').Widget} Widget */
/** @typedef {import('./forms.js').FieldError} FieldError */

/**
 * A plain-language message for an API error on a field.
 * @param {Field} field
 * @param {FieldError} error
 * @param {boolean} empty - the field was left empty
 */
export function messageFor (field, error, empty) {
  const label = field.label.replace(/ \(optional\)$/, '')
  const code = error.code ?? ''
  const max = /at most (\d+)/.exec(error.message ?? '')
  if (empty || code === 'missing' || code === 'string_too_short' || /blank/.test(error.message ?? '')) {
    return field.missing ?? `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}`
  }
  if (code === 'string_too_long' && max) return `${label} must be ${max[1]} characters or fewer`
  if (code === 'too_long' && max) return `${label}: there can be ${max[1]} at most`
  if (field.type === 'year' || code.startsWith('int_') || code === 'greater_than_equal' || code === 'less_than_equal') {
    if (/start_year/.test(error.message ?? '')) return 'The year it ended must be the same as or after the year it started'
    return field.invalid ?? `${label} must be a year, like 2019`
  }
  if (field.type === 'url' || /http/.test(error.message ?? '')) return field.invalid ?? `${label} must be a web address starting with http:// or https://`
  if (field.invalid && code !== 'duplicate') return field.invalid
  return `${label}: ${error.message}`
}

/** @param {unknown} value */
export function isBlank (value) {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
}

/** One field on the page. */
export class Control {
  /**
   * @param {Field} field
   * @param {string} id
   */
  constructor (field, id) {
    this.field = field
    this.id = id
    this.hintId = field.hint ? `${id}-hint` : null
    this.errorId = `${id}-error`
    /** @type {HTMLElement | null} */
    this.$errorMessage = null
    /** @type {Widget | null} */
    this.widget = null
    /** @type {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null} */
    this.$control = null
    this.$group = this.build()
  }

  get label () {
    return this.field.optional ? `${this.field.label} (optional)` : this.field.label
  }

  /** @returns {HTMLElement} */
  build () {
    const field = this.field
    const hint = field.hint ? h('span', { class: 'hint', id: this.hintId }, field.hint) : null
    const describedBy = this.hintId
    if (field.type === 'honeypot') {
      // For bots: hidden from everyone (display: none), so people never fill it in.
      return h('div', { class: 'honeypot' },
        h('label', { for: this.id }, 'Leave this empty'),
        this.$control = h('input', { id: this.id, name: field.name, type: 'text', tabindex: '-1', autocomplete: 'off' }))
    }
    if (field.type === 'radios') {
      return h('fieldset', { class: 'form-group', 'aria-describedby': describedBy },
        h('legend', {}, this.label),
        hint,
        h('div', { class: 'choices choices--inline' },
          (field.options ?? []).map((option, index) => {
            const optionId = index === 0 ? this.id : `${this.id}-${index}`
            return h('div', { class: 'choice' },
              h('input', { type: 'radio', id: optionId, name: `${this.id}-radio`, value: option.value, checked: index === 0 }),
              h('label', { for: optionId }, option.label))
          })))
    }
    if (field.type === 'custom' && field.create) {
      this.widget = field.create()
      return h('div', {}, this.widget.$element)
    }
    let $control
    const attributes = { id: this.id, name: field.name, 'aria-describedby': describedBy, autocomplete: field.autocomplete ?? null }
    if (field.type === 'textarea' || field.type === 'lines') {
      $control = h('textarea', { ...attributes, class: 'textarea', rows: field.rows ?? (field.type === 'lines' ? 3 : 5), spellcheck: 'true' })
    } else if (field.type === 'select') {
      $control = h('select', { ...attributes, class: 'select' },
        (field.options ?? []).map((option) => h('option', { value: option.value }, option.label)))
    } else {
      const type = { email: 'email', url: 'url', number: 'text', year: 'text' }[field.type] ?? 'text'
      const numeric = field.type === 'year' || field.type === 'number'
      const listId = field.suggestions ? `${this.id}-list` : null
      $control = h('input', {
        ...attributes,
        class: `input${field.type === 'year' ? ' input--year' : field.width === 'short' ? ' input--short' : ''}`,
        type,
        inputmode: numeric ? 'numeric' : null,
        spellcheck: field.type === 'email' || field.type === 'url' ? 'false' : null,
        list: listId
      })
      if (listId) {
        return this.group(hint, $control, h('datalist', { id: listId }, (field.suggestions ?? []).map((s) => h('option', { value: s }))))
      }
    }
    return this.group(hint, $control)
  }

  /**
   * @param {HTMLElement | null} hint
   * @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} $control
   * @param {HTMLElement | null} [extra]
   */
  group (hint, $control, extra = null) {
    this.$control = $control
    return h('div', { class: 'form-group' }, h('label', { class: 'label', for: this.id }, this.label), hint, $control, extra)
  }

  /** @returns {unknown} the value to send; undefined leaves the field out */
  read () {
    const field = this.field
    if (this.widget) return this.widget.read()
    if (field.type === 'radios') {
      const $checked = /** @type {HTMLInputElement | null} */ (this.$group.querySelector('input:checked'))
      return $checked?.value ?? null
    }
    const raw = this.$control?.value ?? ''
    const text = field.type === 'textarea' ? raw.replace(/\s+$/, '') : raw.trim()
    switch (field.type) {
      case 'year':
      case 'number':
        if (!text) return null
        return /^\d{1,9}$/.test(text) ? Number(text) : text // the API explains what is wrong
      case 'lines':
        return text.split('\n').map((line) => line.trim()).filter(Boolean)
      case 'keywords':
        return text.split(/[,;]/).map((word) => word.trim()).filter(Boolean)
      case 'select':
        return text === '' ? null : (/^\d+$/.test(text) && field.name.endsWith('_id') ? Number(text) : text)
      default:
        return text === '' && field.nullable ? null : text
    }
  }

  /** @param {any} value */
  fill (value) {
    const field = this.field
    if (this.widget) {
      this.widget.fill(value)
      return
    }
    if (field.type === 'radios') {
      for (const $radio of this.$group.querySelectorAll('input')) $radio.checked = $radio.value === value
      return
    }
    if (!this.$control) return
    if (Array.isArray(value)) {
      this.$control.value = value.join(field.type === 'lines' ? '\n' : ', ')
    } else {
      this.$control.value = value === null || value === undefined ? '' : String(value)
    }
  }

  /** @returns {HTMLElement | null} */
  focusTarget () {
    if (this.widget) return this.widget.focusTarget()
    if (this.field.type === 'radios') return this.$group.querySelector('input')
    return this.$control
  }

  /** @param {string | null} message */
  setError (message) {
    this.$errorMessage?.remove()
    this.$errorMessage = null
    const $target = this.focusTarget()
    this.$group.classList.toggle('form-group--error', Boolean(message))
    const describedBy = ($target?.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== this.errorId)
    if (message) {
      this.$errorMessage = h('p', { class: 'error-message', id: this.errorId }, h('span', { class: 'visually-hidden' }, 'Error: '), message)
      const $before = this.$group.querySelector(':scope > .hint') ?? this.$group.querySelector(':scope > label, :scope > legend')
      if ($before) $before.after(this.$errorMessage)
      else this.$group.prepend(this.$errorMessage)
      describedBy.push(this.errorId)
    }
    if ($target && this.field.type !== 'radios') {
      if (message) $target.setAttribute('aria-invalid', 'true')
      else $target.removeAttribute('aria-invalid')
      if (describedBy.length) $target.setAttribute('aria-describedby', describedBy.join(' '))
      else $target.removeAttribute('aria-describedby')
    } else if (this.field.type === 'radios') {
      if (describedBy.length) this.$group.setAttribute('aria-describedby', describedBy.join(' '))
    }
  }
}

/** A list of items of several fields each (people, publications, links), added and removed. */
export class RepeatControl {
  /**
   * @param {Field} field
   * @param {string} id
   */
  constructor (field, id) {
    this.field = field
    this.id = id
    /** @type {Array<{ $item: HTMLFieldSetElement, controls: Control[] }>} */
    this.items = []
    this.errorId = `${id}-error`
    this.$items = h('div', {})
    this.$add = h('button', { type: 'button', class: 'button button--secondary', on: { click: () => this.add(true) } }, field.addLabel ?? `Add another ${field.itemName ?? 'item'}`)
    this.$legend = h('legend', { class: 'legend--m' }, field.optional ? `${field.label} (optional)` : field.label)
    this.$group = h('fieldset', { class: 'form-group', id },
      this.$legend,
      field.hint ? h('span', { class: 'hint' }, field.hint) : null,
      this.$items,
      this.$add)
    /** @type {HTMLElement | null} */
    this.$errorMessage = null
    this.add(false)
  }

  /** @param {boolean} focus - move focus to the new item's first field */
  add (focus) {
    const index = this.items.length
    const controls = (this.field.fields ?? []).map((sub) => new Control(sub, `${this.id}-${uid('item')}-${sub.name}`))
    const $remove = h('button', { type: 'button', class: 'link-button', on: { click: () => this.remove(item) } })
    const $item = h('fieldset', { class: 'repeat' }, h('legend', {}), controls.map((c) => c.$group), $remove)
    const item = { $item, controls, $remove }
    this.items.push(item)
    this.$items.append($item)
    this.renumber()
    if (focus) controls[0]?.focusTarget()?.focus()
    return index
  }

  /** @param {{ $item: HTMLFieldSetElement }} item */
  remove (item) {
    const at = this.items.indexOf(/** @type {any} */ (item))
    item.$item.remove()
    this.items.splice(at, 1)
    if (!this.items.length) this.add(false)
    this.renumber()
    const $next = this.items[Math.min(at, this.items.length - 1)]?.controls[0]?.focusTarget()
    ;($next ?? this.$add).focus()
  }

  renumber () {
    const name = this.field.itemName ?? 'item'
    this.items.forEach((item, i) => {
      const title = `${name.charAt(0).toUpperCase()}${name.slice(1)} ${i + 1}`
      const $legend = item.$item.querySelector('legend')
      if ($legend) $legend.textContent = title
      const $remove = /** @type {HTMLElement} */ (item.$item.lastElementChild)
      $remove.textContent = `Remove ${name} ${i + 1}`
    })
  }

  /** @param {Record<string, unknown>} value */
  static isEmpty (value) {
    return Object.values(value).every((v) => v === null || v === '' || (Array.isArray(v) && !v.length))
  }

  /** Items left empty are not sent; `apiIndex` maps the API's item numbers back to them. */
  read () {
    this.apiIndex = []
    const out = []
    for (const item of this.items) {
      const value = Object.fromEntries(item.controls.map((c) => [c.field.name, c.read()]))
      if (RepeatControl.isEmpty(value)) continue
      this.apiIndex.push(item)
      out.push(value)
    }
    return out
  }

  /** @param {Array<Record<string, any>> | null | undefined} values */
  fill (values) {
    for (const item of this.items) item.$item.remove()
    this.items = []
    for (const value of values ?? []) {
      this.add(false)
      const item = this.items[this.items.length - 1]
      for (const control of item.controls) control.fill(value[control.field.name])
    }
    if (!this.items.length) this.add(false)
    this.renumber()
  }

  focusTarget () {
    return this.items[0]?.controls[0]?.focusTarget() ?? this.$add
  }

  /** @param {string | null} message */
  setError (message) {
    this.$errorMessage?.remove()
    this.$errorMessage = null
    this.$group.classList.toggle('form-group--error', Boolean(message))
    if (message) {
      this.$errorMessage = h('p', { class: 'error-message', id: this.errorId }, h('span', { class: 'visually-hidden' }, 'Error: '), message)
      this.$legend.after(this.$errorMessage)
    }
    for (const item of this.items) for (const control of item.controls) control.setError(null)
  }

  /**
   * The control for an item's field, by the API's item number.
   * @param {number} index
   * @param {string | undefined} name
   */
  controlAt (index, name) {
    const item = (this.apiIndex ?? this.items)[index]
    if (!item) return null
    return item.controls.find((c) => c.field.name === name) ?? item.controls[0]
  }
}
