/**
 * The printable report (/self-evaluation/{token}/print, ?round=n): the results of a round as
 * one document, laid out for A4 by the print stylesheet (styles.css, @media print), with the
 * addresses of its links written out.
 */

import { fill, h } from '../../dom.js'
import { t } from '../../i18n.js'
import { actionPlan, overall, scores, selfAgainstPeer, spread, strengths, targetsList } from './report.js'
import { apiPath, dayText, load, read, screenPath, setTitle, showProblem } from './common.js'

export class PrintScreen {
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
    const round = Number(url.searchParams.get('round')) || null
    let loaded
    /** @type {import('./report.js').Results} */
    let results
    try {
      loaded = await load(token)
      results = await read(apiPath(token, 'results'), { params: { round } })
    } catch (error) {
      showProblem(this.$main, error)
      return
    }
    const { assessment, framework } = loaded
    setTitle(t('Report for {organisation}', { organisation: assessment.organisation }))
    fill(this.$main, h('article', { class: 'report' },
      h('div', { class: 'report__tools no-print' },
        h('a', { class: 'back-link', href: `${screenPath(token, 'results')}${round ? `?round=${round}` : ''}` }, t('Back to the results')),
        h('p', {}, t('This page is laid out to print on A4 paper, or to save as a PDF from your browser’s print menu.')),
        h('button', { type: 'button', class: 'button', on: { click: () => window.print() } }, t('Print this report'))),
      h('header', { class: 'report__header' },
        h('p', { class: 'caption' }, t('Co-production self-evaluation')),
        h('h1', {}, assessment.organisation),
        h('dl', { class: 'summary-list report__meta' },
          h('div', { class: 'summary-list__row' }, h('dt', {}, t('Framework')), h('dd', {}, t('{title} (version {version})', { title: framework.title, version: framework.version }))),
          h('div', { class: 'summary-list__row' }, h('dt', {}, t('Round')), h('dd', {}, String(results.round))),
          h('div', { class: 'summary-list__row' }, h('dt', {}, t('Status')), h('dd', {}, results.status === 'completed' ? t('Complete') : t('In progress'))),
          h('div', { class: 'summary-list__row' }, h('dt', {}, t('Printed on')), h('dd', {}, dayText(new Date().toISOString()))))),
      h('section', { class: 'report__section' }, h('h2', {}, t('Overall score')), overall(results)),
      h('section', { class: 'report__section' }, h('h2', {}, t('Scores per principle')), scores(results, assessment.organisation)),
      h('section', { class: 'report__section' }, h('h2', {}, t('Strengths')), strengths(results)),
      h('section', { class: 'report__section' }, h('h2', {}, t('Action plan')), actionPlan(results, framework, { printed: true })),
      assessment.role === 'peer' ? null : h('section', { class: 'report__section' }, h('h2', {}, t('Targets')), targetsList(results, framework)),
      h('section', { class: 'report__section' }, h('h2', {}, t('Self-assessment and peer review')), selfAgainstPeer(results)),
      assessment.role === 'peer' ? null : h('section', { class: 'report__section' }, h('h2', {}, t('Where your team disagrees')), spread(results))))
  }
}
