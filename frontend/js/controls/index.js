/**
 * Every control type, one module each (as GOV.UK Frontend has one per component); importing
 * this defines them all, so that createControl can make any of them.
 */

import './text-input.js'
import './textarea.js'
import './number-input.js'
import './year-input.js'
import './keywords.js'
import './lines.js'
import './select.js'
import './radios.js'
import './repeat.js'
import './related-picker.js'
import './honeypot.js'

export { createControl } from './registry.js'
