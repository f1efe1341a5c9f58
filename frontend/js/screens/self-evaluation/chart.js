/**
 * A bar chart as SVG (role="img", named by its <title> and described by its <desc>), drawn from
 * the same figures as the table beside it: one group of horizontal bars per category (a
 * principle), one bar per series (self, team, peer, or a round), on a scale from 0 to `max`.
 * Labels sit above their bars, so that long principle names keep the whole width on a phone.
 */

import { uid } from '../../dom.js'
import { t } from '../../i18n.js'
import { score } from './common.js'

const SVG = 'http://www.w3.org/2000/svg'
const WIDTH = 360
const LABEL_LINE = 18
const BAR = 16
const GAP = 4
const GROUP_GAP = 14
const LEFT = 4
const RIGHT = 36 // room for the figure after the longest bar
const CHARS_PER_LINE = 40

/**
 * @typedef {object} ChartData
 * @property {string} title
 * @property {string} description
 * @property {Array<{ name: string }>} series
 * @property {Array<{ label: string, values: Array<number | null> }>} categories
 * @property {number} [max]
 */

/**
 * @param {string} tag
 * @param {Record<string, string | number>} [attributes]
 * @param {string} [text]
 */
function svg (tag, attributes = {}, text) {
  const $element = document.createElementNS(SVG, tag)
  for (const [name, value] of Object.entries(attributes)) $element.setAttribute(name, String(value))
  if (text !== undefined) $element.textContent = text
  return $element
}

/**
 * Lines of at most `width` characters, broken between words.
 * @param {string} text
 * @param {number} width
 */
function wrap (text, width) {
  /** @type {string[]} */
  const lines = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(line)
  return lines
}

/**
 * @param {ChartData} data
 * @returns {SVGSVGElement}
 */
export function barChart (data) {
  const max = data.max ?? 5
  const titleId = uid('chart-title')
  const descId = uid('chart-desc')
  const plot = WIDTH - LEFT - RIGHT
  const $root = /** @type {SVGSVGElement} */ (svg('svg', { role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'bar-chart', focusable: 'false' }))
  $root.append(svg('title', { id: titleId }, data.title), svg('desc', { id: descId }, data.description))

  let y = 4
  // The legend: a swatch and a name per series, on as many lines as it needs.
  if (data.series.length > 1) {
    let x = LEFT
    for (const [index, series] of data.series.entries()) {
      const width = 26 + series.name.length * 8
      if (x > LEFT && x + width > WIDTH) {
        x = LEFT
        y += 20
      }
      $root.append(svg('rect', { x, y, width: 14, height: 14, class: `bar-chart__bar bar-chart__bar--${index}` }))
      $root.append(svg('text', { x: x + 18, y: y + 12, class: 'bar-chart__legend' }, series.name))
      x += width
    }
    y += 26
  }
  // Lines at each level, behind the bars.
  const $grid = svg('g', { class: 'bar-chart__grid' })
  $root.append($grid)
  const top = y
  for (const category of data.categories) {
    for (const line of wrap(category.label, CHARS_PER_LINE)) {
      y += LABEL_LINE
      $root.append(svg('text', { x: LEFT, y: y - 4, class: 'bar-chart__label' }, line))
    }
    for (const [index, value] of category.values.entries()) {
      const width = value === null ? 0 : Math.max(1, (value / max) * plot)
      $root.append(svg('rect', { x: LEFT, y, width, height: BAR, class: `bar-chart__bar bar-chart__bar--${index}` }))
      $root.append(svg('text', { x: LEFT + width + 4, y: y + BAR - 4, class: 'bar-chart__value' }, value === null ? t('none') : score(value)))
      y += BAR + GAP
    }
    y += GROUP_GAP
  }
  for (let level = 0; level <= max; level += 1) {
    const x = LEFT + (level / max) * plot
    $grid.append(svg('line', { x1: x, x2: x, y1: top, y2: y - GROUP_GAP + 2 }))
    $grid.append(svg('text', { x, y: y - GROUP_GAP + 14, class: 'bar-chart__axis', 'text-anchor': level === 0 ? 'start' : 'middle' }, String(level)))
  }
  y += 8
  $root.setAttribute('viewBox', `0 0 ${WIDTH} ${y}`)
  return $root
}
