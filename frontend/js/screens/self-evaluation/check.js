/**
 * Check your answers (/self-evaluation/{token}/check): every statement's answer under its
 * principle, each with a link to change it, then submitting them (for the owner, this
 * completes the round).
 */

import { ApiError } from '../../api.js'
import { fill, h, hidden } from '../../dom.js'
import { t } from '../../i18n.js'
import { initAll } from '../../modules.js'
import { navigate } from '../../navigation.js'
import { errorSummary } from '../../components/error-summary.js'
import { apiPath, call, caption, levelText, load, screenPath, setTitle, showProblem } from './common.js'

export class CheckScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    this.sending = false
    this.$summary = h('div', {})
  }

  /** @param {string} token */
  async show (token) {
    this.token = token
    let loaded
    try {
      loaded = await load(token)
    } catch (error) {
      showProblem(this.$main, error)
      return
    }
    const { assessment, framework } = loaded
    setTitle(t('Check your answers'))
    const answers = new Map(assessment.answers.map((answer) => [answer.statement, answer]))
    const closed = assessment.status === 'completed' || assessment.respondent.submitted
    const total = framework.principles.reduce((sum, principle) => sum + principle.statements.length, 0)
    const missing = total - answers.size

    this.$button = h('button', { type: 'submit', class: 'button' }, t('Submit your answers'))
    fill(this.$main, h('div', { class: 'measure' },
      h('a', { class: 'back-link', href: screenPath(token) }, t('Back to your self-evaluation')),
      this.$summary,
      caption(assessment),
      h('h1', {}, t('Check your answers')),
      framework.principles.map((principle) => [
        h('h2', { class: 'heading-m' }, principle.title),
        h('dl', { class: 'summary-list summary-list--actions' }, principle.statements.map((statement) => {
          const answer = answers.get(statement.key)
          return h('div', { class: 'summary-list__row' },
            h('dt', {}, statement.text),
            h('dd', {},
              answer ? h('p', {}, levelText(framework, answer.level)) : h('p', { class: 'hint' }, t('Not answered')),
              answer?.notes ? h('p', { class: 'small' }, answer.notes) : null,
              answer?.evidence?.length ? h('ul', { class: 'list-plain small' }, answer.evidence.map((url) => h('li', {}, url))) : null,
              closed
                ? null
                : h('a', { href: screenPath(token, 'principles/' + encodeURIComponent(principle.key)) }, t('Change'), hidden(' ' + t('your answer to “{statement}”', { statement: statement.text })))))
        }))
      ]),
      closed
        ? h('div', { class: 'inset' },
          h('p', {}, t('These answers have been submitted, so they can no longer be changed.')),
          h('p', {}, h('a', { href: screenPath(token, 'results') }, t('See the results'))))
        : h('form', { novalidate: true, on: { submit: (event) => this.submit(event) } },
          h('h2', { class: 'heading-m' }, t('Now submit your answers')),
          missing ? h('p', {}, t('Statements not answered yet: {count}. They are left out of your scores.', { count: missing })) : null,
          h('p', {}, assessment.role === 'owner'
            ? t('Submitting completes this round of your self-evaluation: nobody can change its answers after that. Colleagues and reviewers who have not submitted yet can no longer answer in this round.')
            : t('Once you submit your answers, you cannot change them.')),
          this.$button)))
  }

  /** @param {Event} event */
  async submit (event) {
    event.preventDefault()
    if (this.sending || !this.token) return
    this.sending = true
    this.$button?.setAttribute('aria-disabled', 'true')
    try {
      await call('POST', apiPath(this.token, 'submit'))
      navigate(screenPath(this.token, 'results'))
    } catch (error) {
      const text = error instanceof ApiError && error.status === 409
        ? t('These answers have already been submitted.')
        : t('Sorry, we could not submit your answers. Please try again later.')
      fill(this.$summary, errorSummary([{ text, href: null }], t('There is a problem')))
      initAll(this.$summary)
    } finally {
      this.sending = false
      this.$button?.removeAttribute('aria-disabled')
    }
  }
}
