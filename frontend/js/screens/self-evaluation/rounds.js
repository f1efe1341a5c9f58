/**
 * Rounds side by side (/self-evaluation/{token}/rounds): the score per principle in each
 * round, as a chart and a table, each round's results a link away; the owner starts a new
 * round from here once the current one is complete (it starts from the last round's answers).
 */

import { ApiError } from '../../api.js'
import { fill, h } from '../../dom.js'
import { t } from '../../i18n.js'
import { navigate } from '../../navigation.js'
import { barChart } from './chart.js'
import { apiPath, call, caption, dayText, difference, load, read, score, screenPath, setTitle, showProblem, subNav } from './common.js'
import { tableWrap } from './table-wrap.js'

/**
 * @typedef {object} Round
 * @property {number} round
 * @property {string} status
 * @property {string} created_at
 * @property {string | null} completed_at
 * @property {Array<{ key: string, title: string, self: number | null, team: number | null, peer: number | null }>} principles
 * @property {{ self: number | null, team: number | null, peer: number | null }} overall
 */

export class RoundsScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    this.$problem = h('div', { role: 'alert' })
  }

  /** @param {string} token */
  async show (token) {
    this.token = token
    let loaded
    /** @type {Round[]} */
    let rounds
    try {
      loaded = await load(token)
      rounds = (await read(apiPath(token, 'rounds'))).items
    } catch (error) {
      showProblem(this.$main, error)
      return
    }
    const { assessment } = loaded
    setTitle(t('Rounds'))
    const roundName = (/** @type {Round} */ round) => t('Round {round}', { round: round.round })
    // A score per principle: the combined one where colleagues answered, the owner's otherwise.
    const value = (/** @type {{ self: number | null, team: number | null }} */ item) => item.team ?? item.self
    const principles = rounds.at(-1)?.principles ?? []
    const first = rounds[0]
    const last = rounds.at(-1)

    fill(this.$main, h('div', {},
      caption(assessment),
      h('h1', {}, t('Rounds')),
      subNav(token, assessment, 'rounds'),
      h('div', { class: 'measure' },
        this.$problem,
        h('p', {}, t('Each round is a self-evaluation at one time. Compare them to see your progress on each principle. The scores combine your answers with your colleagues’ answers.'))),
      rounds.length > 1
        ? h('figure', { class: 'chart' }, barChart({
          title: t('Scores per principle in each round, out of 5'),
          description: t('The same figures are in the table that follows.') + ' ' + principles.map((principle) =>
            principle.title + ': ' + rounds.map((round) => roundName(round) + ' ' + score(value(round.principles.find((item) => item.key === principle.key) ?? { self: null, team: null }))).join(', ')).join('; ') + '.',
          series: rounds.map((round) => ({ name: roundName(round) })),
          categories: principles.map((principle) => ({
            label: principle.title,
            values: rounds.map((round) => value(round.principles.find((item) => item.key === principle.key) ?? { self: null, team: null }))
          }))
        }))
        : null,
      tableWrap(
        h('table', { class: 'table', 'data-rounds': '' },
          h('caption', { class: 'table__caption' }, t('Scores per principle in each round, out of 5')),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('Principle')),
            rounds.map((round) => h('th', { scope: 'col', class: 'table__numeric' },
              h('a', { href: `${screenPath(token, 'results')}?round=${round.round}` }, roundName(round)),
              h('span', { class: 'hint small table__sub' }, round.completed_at ? dayText(round.completed_at) : t('in progress')))),
            rounds.length > 1 ? h('th', { scope: 'col', class: 'table__numeric' }, t('Change since round 1')) : null)),
          h('tbody', {}, principles.map((principle) => {
            const values = rounds.map((round) => value(round.principles.find((item) => item.key === principle.key) ?? { self: null, team: null }))
            const start = values[0]
            const end = values.at(-1)
            return h('tr', {},
              h('th', { scope: 'row' }, principle.title),
              values.map((item) => h('td', { class: 'table__numeric' }, score(item))),
              rounds.length > 1 ? h('td', { class: 'table__numeric' }, difference(start === null || end === null || end === undefined ? null : end - start)) : null)
          })),
          h('tfoot', {}, h('tr', {},
            h('th', { scope: 'row' }, t('Overall')),
            rounds.map((round) => h('td', { class: 'table__numeric' }, score(value(round.overall)))),
            rounds.length > 1 && first && last
              ? h('td', { class: 'table__numeric' }, difference(value(first.overall) === null || value(last.overall) === null ? null : /** @type {number} */ (value(last.overall)) - /** @type {number} */ (value(first.overall))))
              : null)))),
      assessment.role === 'owner'
        ? h('div', { class: 'measure' },
          h('h2', {}, t('Start a new round')),
          assessment.status === 'completed'
            ? [h('p', {}, t('A new round starts from the answers you gave in the last one, so you only change what has changed. Earlier rounds stay as they are.')),
                h('button', { type: 'button', class: 'button', on: { click: () => this.newRound() } }, t('Start a new round'))]
            : h('p', {}, t('You can start a new round once you have submitted the answers of this one.')))
        : null))
  }

  async newRound () {
    const token = /** @type {string} */ (this.token)
    try {
      await call('POST', apiPath(token, 'rounds'))
      navigate(screenPath(token))
    } catch (error) {
      fill(this.$problem, h('p', { class: 'error-message' }, error instanceof ApiError && error.status === 409
        ? t('You can start a new round once you have submitted the answers of this one.')
        : t('Sorry, we could not start a new round. Please try again later.')))
    }
  }
}
