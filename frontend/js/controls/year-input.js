/** A year (when a project started or ended, when a report came out): four numbers. */

import { NumberInput } from './number-input.js'
import { defineControl } from './registry.js'
import { t } from '../i18n.js'

/** The years the API takes (Year in app/models/fields.py). */
const FIRST = 1000
const LAST = 2999

/** @type {import('./messages.js').MessageRule} */
const asYear = (c) => c.field.invalid ?? t('Enter {noun} as 4 numbers, like 2019', { noun: c.noun })
/** @type {import('./messages.js').MessageRule} */
const inRange = (c) => t('{label} must be between {min} and {max}', { label: c.label, min: c.field.min ?? FIRST, max: c.field.max ?? LAST })

export class YearInput extends NumberInput {
  static messages = { int_type: asYear, int_parsing: asYear, greater_than_equal: inRange, less_than_equal: inRange }

  get inputClass () {
    return 'input input--year'
  }
}

defineControl('year', YearInput)
