/**
 * The parts of a round's results, shared by the results screen and the print view: the scores
 * as a chart and as a table of the same figures, strengths, the action plan with its links into
 * the knowledge base, self against peer (largest gaps first) and the team's spread.
 */

import { apiUrl } from '../../api.js'
import { h } from '../../dom.js'
import { t } from '../../i18n.js'
import { barChart } from './chart.js'
import { tableWrap } from './table-wrap.js'
import { apiPath, dayText, difference, language, levelText, score, sitePath } from './common.js'

/** @typedef {import('./common.js').Framework} Framework */

/**
 * @typedef {object} PrincipleResult
 * @property {string} key
 * @property {string} title
 * @property {number | null} self
 * @property {number | null} team
 * @property {number | null} peer
 * @property {number | null} gap
 * @property {{ level: number, date: string } | null} target
 * @property {number} answered
 * @property {number} statements
 */

/**
 * @typedef {object} StatementResult
 * @property {string} key
 * @property {string} principle
 * @property {string} text
 * @property {number | null} self
 * @property {number | null} mean
 * @property {number | null} min
 * @property {number | null} max
 * @property {number | null} spread
 * @property {number} count
 * @property {number | null} peer
 */

/**
 * @typedef {object} Suggestion
 * @property {string} kind
 * @property {string} slug
 * @property {string} title
 * @property {string} [summary]
 * @property {string} [url] - the entry in the API
 * @property {'related' | 'search'} why
 */

/**
 * @typedef {object} Results
 * @property {number} round
 * @property {string} status
 * @property {{ self: number | null, team: number | null, peer: number | null }} overall
 * @property {PrincipleResult[]} principles
 * @property {StatementResult[]} statements
 * @property {string[]} strengths
 * @property {Array<{ statement: string, principle: string, text: string, level: number | null, advice: string, suggestions: Suggestion[] }>} actions
 * @property {{ team: number, peer: number, peer_submitted: number }} respondents
 */

/** @typedef {'self' | 'team' | 'peer'} SeriesKey */

/** @param {SeriesKey} key */
export function seriesName (key) {
  if (key === 'team') return t('Combined with colleagues')
  if (key === 'peer') return t('Peer review')
  return t('Self-assessment')
}

/**
 * The series worth showing: self always; combined once colleagues answer; peer once a
 * reviewer's figures are there.
 * @param {Results} results
 * @returns {SeriesKey[]}
 */
export function seriesOf (results) {
  /** @type {SeriesKey[]} */
  const keys = ['self']
  if (results.respondents.team > 0) keys.push('team')
  if (results.overall.peer !== null || results.principles.some((principle) => principle.peer !== null)) keys.push('peer')
  return keys
}

/** @param {string} kind */
export function kindText (kind) {
  if (kind === 'resources') return t('Resource')
  if (kind === 'projects') return t('Case study or project')
  if (kind === 'networks') return t('Network')
  if (kind === 'toolkit-sections') return t('Toolkit section')
  return kind
}

/**
 * Where a suggestion leads on this site (in the page's language): its page, found from its
 * kind and slug (the `url` the API gives is the entry's JSON); a toolkit section opens in the
 * toolkit.
 * @param {Suggestion} suggestion
 */
export function suggestionHref (suggestion) {
  const slug = encodeURIComponent(suggestion.slug)
  return sitePath(suggestion.kind === 'toolkit-sections' ? '/toolkit/' + slug : '/' + suggestion.kind + '/' + slug)
}

/**
 * The overall scores, as a list of figures.
 * @param {Results} results
 */
export function overall (results) {
  return h('dl', { class: 'figures' }, seriesOf(results).map((key) =>
    h('div', { class: 'figures__item' },
      h('dt', {}, seriesName(key)),
      h('dd', { class: 'figures__value' }, score(results.overall[key]), ' ', h('span', { class: 'figures__unit' }, t('out of 5'))))))
}

/**
 * The scores per principle as a chart, and the same figures as a table.
 * @param {Results} results
 * @param {string} organisation
 */
export function scores (results, organisation) {
  const keys = seriesOf(results)
  const described = results.principles.map((principle) =>
    `${principle.title}: ${keys.map((key) => `${seriesName(key)} ${score(principle[key])}`).join(', ')}`).join('; ')
  const $chart = barChart({
    title: t('Scores per principle for {organisation}, out of 5', { organisation }),
    description: t('The same figures are in the table that follows.') + ' ' + described + '.',
    series: keys.map((key) => ({ name: seriesName(key) })),
    categories: results.principles.map((principle) => ({ label: principle.title, values: keys.map((key) => principle[key]) }))
  })
  const hasTarget = results.principles.some((principle) => principle.target)
  return h('div', { class: 'scores' },
    h('figure', { class: 'chart' }, $chart),
    tableWrap(
      h('table', { class: 'table', 'data-scores': '' },
        h('caption', { class: 'table__caption' }, t('Scores per principle, out of 5')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('Principle')),
          keys.map((key) => h('th', { scope: 'col', class: 'table__numeric' }, seriesName(key))),
          h('th', { scope: 'col', class: 'table__numeric' }, t('Statements answered')),
          hasTarget ? h('th', { scope: 'col' }, t('Target')) : null)),
        h('tbody', {}, results.principles.map((principle) => h('tr', {},
          h('th', { scope: 'row' }, principle.title),
          keys.map((key) => h('td', { class: 'table__numeric' }, score(principle[key]))),
          h('td', { class: 'table__numeric' }, t('{answered} of {count}', { answered: principle.answered, count: principle.statements })),
          hasTarget ? h('td', {}, principle.target ? t('{level} by {date}', { level: principle.target.level, date: dayText(principle.target.date) }) : '–') : null))),
        h('tfoot', {}, h('tr', {},
          h('th', { scope: 'row' }, t('Overall')),
          keys.map((key) => h('td', { class: 'table__numeric' }, score(results.overall[key]))),
          h('td', {}),
          hasTarget ? h('td', {}) : null)))))
}

/**
 * @param {Results} results
 */
export function strengths (results) {
  const texts = new Map(results.statements.map((statement) => [statement.key, statement]))
  if (!results.strengths.length) return h('p', {}, t('No statement is rated 4 or higher yet.'))
  return h('ul', { class: 'list-bullet' }, results.strengths.map((key) => {
    const statement = texts.get(key)
    return h('li', {}, statement?.text ?? key, statement ? h('span', { class: 'strength__score' }, ' (' + score(statement.mean) + ')') : null)
  }))
}

/**
 * For each statement rated low: what to try next, and where the knowledge base shows how.
 * @param {Results} results
 * @param {Framework} framework
 * @param {{ printed?: boolean }} [options] - printed: the links' addresses are written out
 */
export function actionPlan (results, framework, options = {}) {
  if (!results.actions.length) return h('p', {}, t('No statement is rated 2 or lower: there is nothing in the action plan.'))
  const titles = new Map(framework.principles.map((principle) => [principle.key, principle.title]))
  return h('ol', { class: 'actions' }, results.actions.map((action) =>
    h('li', { class: 'actions__item' },
      h('h3', { class: 'heading-s' }, action.text),
      h('p', { class: 'hint' }, t('{principle}. Rated {level}.', { principle: titles.get(action.principle) ?? action.principle, level: action.level === null ? framework.not_applicable : score(action.level) })),
      action.advice ? h('p', {}, h('strong', {}, t('What to try next:')), ' ', action.advice) : null,
      action.suggestions.length
        ? [h('p', {}, t('How others have done it:')),
            h('ul', { class: 'actions__links' }, action.suggestions.map((suggestion) => {
              const href = suggestionHref(suggestion)
              return h('li', {},
                h('span', { class: 'actions__kind' }, kindText(suggestion.kind)), ' ',
                href ? h('a', { href }, suggestion.title) : suggestion.title,
                options.printed && href ? h('span', { class: 'print-url' }, ` ${href.startsWith('/') ? window.location.origin + href : href}`) : null,
                suggestion.summary ? h('p', { class: 'small' }, suggestion.summary) : null)
            }))]
        : null)))
}

/**
 * Self against peer, the largest gaps first.
 * @param {Results} results
 */
export function selfAgainstPeer (results) {
  const rows = results.principles.filter((principle) => principle.peer !== null && principle.self !== null)
    .sort((a, b) => Math.abs(b.gap ?? 0) - Math.abs(a.gap ?? 0))
  if (!rows.length) {
    return h('p', {}, results.respondents.peer
      ? t('The reviewer’s scores appear here once they have submitted their answers.')
      : t('No reviewer from another organisation has been invited yet.'))
  }
  return h('div', {},
    h('p', {}, t('The largest differences come first. A difference above 0 means the reviewer rated you higher than you rated yourselves.')),
    tableWrap(
      h('table', { class: 'table', 'data-gaps': '' },
        h('caption', { class: 'table__caption' }, t('Self-assessment and peer review per principle, out of 5')),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, t('Principle')),
          h('th', { scope: 'col', class: 'table__numeric' }, seriesName('self')),
          h('th', { scope: 'col', class: 'table__numeric' }, seriesName('peer')),
          h('th', { scope: 'col', class: 'table__numeric' }, t('Difference')))),
        h('tbody', {}, rows.map((principle) => h('tr', {},
          h('th', { scope: 'row' }, principle.title),
          h('td', { class: 'table__numeric' }, score(principle.self)),
          h('td', { class: 'table__numeric' }, score(principle.peer)),
          h('td', { class: 'table__numeric' }, difference(principle.gap))))))))
}

/**
 * Where the people of the organisation disagree: the spread of their levels per statement,
 * the widest first.
 * @param {Results} results
 */
export function spread (results) {
  const rows = results.statements.filter((statement) => statement.count > 0)
    .sort((a, b) => (b.spread ?? 0) - (a.spread ?? 0))
  if (!results.respondents.team) return h('p', {}, t('Only one person has answered so far. Invite colleagues to see where you agree and where you do not.'))
  return tableWrap(
    h('table', { class: 'table', 'data-spread': '' },
      h('caption', { class: 'table__caption' }, t('Levels given by you and your colleagues, per statement, the widest spread first')),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('Statement')),
        h('th', { scope: 'col', class: 'table__numeric' }, t('Answers')),
        h('th', { scope: 'col', class: 'table__numeric' }, t('Lowest')),
        h('th', { scope: 'col', class: 'table__numeric' }, t('Highest')),
        h('th', { scope: 'col', class: 'table__numeric' }, t('Spread')))),
      h('tbody', {}, rows.map((statement) => h('tr', {},
        h('th', { scope: 'row' }, statement.text),
        h('td', { class: 'table__numeric' }, String(statement.count)),
        h('td', { class: 'table__numeric' }, statement.min === null ? '–' : String(statement.min)),
        h('td', { class: 'table__numeric' }, statement.max === null ? '–' : String(statement.max)),
        h('td', { class: 'table__numeric' }, statement.spread === null ? '–' : String(statement.spread)))))))
}

/**
 * @typedef {object} Benchmark
 * @property {number} contributors
 * @property {number} [minimum]
 * @property {boolean} shown
 * @property {Array<{ key: string, title: string, count: number, min: number, q1: number, median: number, q3: number, max: number }>} principles
 */

/**
 * How other organisations score (opted in, never named), beside this round's scores; only
 * once enough organisations take part.
 * @param {Benchmark} data
 * @param {Results} results
 */
export function benchmark (data, results) {
  if (!data.shown) {
    return h('p', {}, t('The benchmark appears once at least {minimum} organisations have completed a self-evaluation and agreed to be included. No organisation is ever named.', { minimum: data.minimum ?? 5 }))
  }
  const own = new Map(results.principles.map((principle) => [principle.key, principle.team ?? principle.self]))
  return tableWrap(
    h('table', { class: 'table', 'data-benchmark': '' },
      h('caption', { class: 'table__caption' }, t('Your scores beside those of other organisations, out of 5 (organisations taking part: {count})', { count: data.contributors })),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, t('Principle')),
        h('th', { scope: 'col', class: 'table__numeric' }, t('Your score')),
        h('th', { scope: 'col', class: 'table__numeric' }, t('Middle score')),
        h('th', { scope: 'col', class: 'table__numeric' }, t('Middle half of organisations')),
        h('th', { scope: 'col', class: 'table__numeric' }, t('Lowest to highest')))),
      h('tbody', {}, data.principles.map((principle) => h('tr', {},
        h('th', { scope: 'row' }, principle.title),
        h('td', { class: 'table__numeric' }, score(own.get(principle.key))),
        h('td', { class: 'table__numeric' }, score(principle.median)),
        h('td', { class: 'table__numeric' }, t('{from} to {to}', { from: score(principle.q1), to: score(principle.q3) })),
        h('td', { class: 'table__numeric' }, t('{from} to {to}', { from: score(principle.min), to: score(principle.max) })))))))
}

/**
 * Targets, as read (the results screen lets the owner change them).
 * @param {Results} results
 * @param {Framework} framework
 */
export function targetsList (results, framework) {
  const set = results.principles.filter((principle) => principle.target)
  if (!set.length) return h('p', {}, t('No targets have been set.'))
  return h('dl', { class: 'summary-list' }, set.map((principle) => h('div', { class: 'summary-list__row' },
    h('dt', {}, principle.title),
    h('dd', {}, t('{level} by {date}', { level: levelText(framework, principle.target?.level), date: dayText(principle.target?.date) })))))
}

/**
 * Links to download the answers and scores of a round.
 * @param {string} token
 * @param {number} round
 */
export function downloads (token, round) {
  const params = { round, lang: language() === 'cy' ? 'cy' : undefined }
  return h('ul', { class: 'list-plain' },
    h('li', {}, h('a', { href: apiUrl(apiPath(token, 'export.csv'), params), download: `self-evaluation-round-${round}.csv` }, t('Download the answers and scores (CSV)'))),
    h('li', {}, h('a', { href: apiUrl(apiPath(token, 'export.json'), params), download: `self-evaluation-round-${round}.json` }, t('Download the answers and scores (JSON)'))))
}
