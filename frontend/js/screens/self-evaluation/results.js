/**
 * The results of a round (/self-evaluation/{token}/results, ?round=n for an earlier one):
 * scores as a chart and a table, strengths, the action plan, targets (the owner sets them),
 * self against peer and the spread of the team's answers.
 */

import { ApiError } from '../../api.js'
import { fill, h } from '../../dom.js'
import { t } from '../../i18n.js'
import { actionPlan, benchmark, downloads, overall, scores, selfAgainstPeer, spread, strengths, targetsList } from './report.js'
import { apiPath, call, caption, dayText, levelText, load, read, screenPath, setTitle, showProblem, subNav } from './common.js'

/** @typedef {import('./report.js').Results} Results */
/** @typedef {import('./common.js').Framework} Framework */
/** @typedef {import('./common.js').Assessment} Assessment */

export class ResultsScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
  }

  /**
   * @param {string} token
   * @param {string[]} _rest
   * @param {URL} url
   */
  async show (token, _rest, url) {
    this.token = token
    const round = Number(url.searchParams.get('round')) || null
    /** @type {Results} */
    let results
    let loaded
    try {
      loaded = await load(token)
      results = await read(apiPath(token, 'results'), { params: { round } })
    } catch (error) {
      showProblem(this.$main, error)
      return
    }
    const { assessment, framework } = loaded
    this.framework = framework
    /** @type {import('./report.js').Benchmark | null} */
    const compared = await read('/api/v1/frameworks/' + encodeURIComponent(assessment.framework.slug) + '/benchmark').catch(() => null)
    const earlier = round !== null && round !== assessment.round
    setTitle(t('Results'))
    const peerBefore = assessment.role === 'peer' && !assessment.respondent.submitted

    fill(this.$main, h('div', { class: 'results-page' },
      caption(assessment),
      h('h1', {}, earlier ? t('Results of round {round}', { round: results.round }) : t('Results')),
      subNav(token, assessment, 'results'),
      h('div', { class: 'measure' },
        results.status !== 'completed'
          ? h('div', { class: 'inset' }, h('p', {}, t('This round is not complete yet: the scores change as answers are given.')))
          : null,
        peerBefore ? h('p', {}, t('These are your own scores. You will see the organisation’s own scores beside them once you submit your answers.')) : null,
        h('h2', {}, t('Overall score')),
        overall(results)),
      h('h2', {}, t('Scores per principle')),
      scores(results, assessment.organisation),
      h('div', { class: 'measure' },
        h('h2', {}, t('Strengths')),
        h('p', {}, t('Statements rated 4 or higher.')),
        strengths(results),
        h('h2', { id: 'action-plan' }, t('Action plan')),
        h('p', {}, t('Statements rated 2 or lower, the lowest first, with what to try next and where the knowledge base shows how others have done it.')),
        actionPlan(results, framework),
        assessment.role === 'peer' ? null : [h('h2', {}, t('Targets')), this.targets(results, framework, assessment, earlier)],
        h('h2', {}, t('Self-assessment and peer review')),
        selfAgainstPeer(results),
        assessment.role === 'peer' ? null : [h('h2', {}, t('Where your team disagrees')), spread(results)],
        compared && assessment.role !== 'peer' ? [h('h2', {}, t('Benchmark')), benchmark(compared, results)] : null,
        h('h2', {}, t('Download or print')),
        downloads(token, results.round),
        h('p', {}, h('a', { href: `${screenPath(token, 'print')}${round ? `?round=${round}` : ''}` }, t('Printable report'))))))
  }

  /**
   * The owner sets a target level and date per principle; others read them.
   * @param {Results} results
   * @param {Framework} framework
   * @param {Assessment} assessment
   * @param {boolean} earlier
   */
  targets (results, framework, assessment, earlier) {
    if (assessment.role !== 'owner' || earlier) return targetsList(results, framework)
    return h('div', {},
      h('p', {}, t('Set the level you want to reach for each principle, and by when.')),
      results.principles.map((principle) => this.targetForm(principle, framework)))
  }

  /**
   * @param {import('./report.js').PrincipleResult} principle
   * @param {Framework} framework
   */
  targetForm (principle, framework) {
    const id = `target-${principle.key.replace(/[^a-zA-Z0-9_-]/g, '-')}`
    const $level = h('select', { class: 'select', id: `${id}-level` },
      h('option', { value: '' }, t('No target')),
      framework.scale.map((level) => h('option', { value: String(level.level), selected: principle.target?.level === level.level }, levelText(framework, level.level))))
    const $date = h('input', { class: 'input input--date', type: 'date', id: `${id}-date`, value: principle.target?.date ?? '' })
    const $status = h('p', { class: 'status-text small', role: 'status' })
    const $error = h('p', { class: 'error-message', hidden: true })
    /** @param {SubmitEvent} event */
    const save = async (event) => {
      event.preventDefault()
      $error.hidden = true
      const path = apiPath(/** @type {string} */ (this.token), 'targets/' + encodeURIComponent(principle.key))
      try {
        if (!$level.value) {
          await call('DELETE', path).catch((error) => { if (!(error instanceof ApiError && error.status === 404)) throw error })
          $status.textContent = t('Target removed')
          return
        }
        if (!$date.value) {
          $error.hidden = false
          $error.textContent = t('Enter the date by when you want to reach this level')
          $date.focus()
          return
        }
        const { data } = await call('PUT', path, { body: { level: Number($level.value), date: $date.value } })
        $status.textContent = t('Target saved: {level} by {date}', { level: data.level, date: dayText(data.date) })
      } catch {
        $error.hidden = false
        $error.textContent = t('The target could not be saved. Check the date and try again.')
      }
    }
    return h('form', { class: 'target', novalidate: true, on: { submit: (event) => save(/** @type {SubmitEvent} */ (event)) } },
      h('fieldset', {},
        h('legend', { class: 'heading-s' }, principle.title),
        $error,
        h('div', { class: 'target__fields' },
          h('div', { class: 'form-group' }, h('label', { class: 'label', for: $level.id }, t('Target level')), $level),
          h('div', { class: 'form-group' }, h('label', { class: 'label', for: $date.id }, t('By when')), $date),
          h('button', { type: 'submit', class: 'button button--secondary button--small' }, t('Save target'),
            h('span', { class: 'visually-hidden' }, ' ' + t('for {principle}', { principle: principle.title }))))),
      $status)
  }
}
