/**
 * Share your project (/deposit): anyone may send a case study. Problems the API finds are
 * shown by their fields and listed at the top; once sent, the person gets a private link to
 * see whether it has been published.
 */

import { ApiError, request } from '../api.js'
import { fill, h } from '../dom.js'
import {
  BODY, CONTRIBUTORS, END_YEAR, FUNDING, KEYWORDS, LINKS, ORGANISATIONS, OUTCOMES, PLACE, PUBLICATIONS, REGION,
  START_YEAR, SUMMARY, TITLE
} from '../fields.js'
import { FormFields } from '../forms.js'
import { pageTitle } from '../labels.js'
import { localPath, t, tf, tn } from '../i18n.js'
import { initAll } from '../modules.js'
import { siteMeta } from '../site.js'
import { errorSummary } from '../components/error-summary.js'

/** @typedef {import('../controls/base.js').Field} Field */

/** @param {string} token */
export function statusPath (token) {
  return `/deposit/status/${encodeURIComponent(token)}`
}

const TELL_US_MORE = t('What did you do, who did it, and how did you work together as equals?')

// The deposit's own limits are tighter than an editor's (SubmissionCreate in app/services/submissions.py).
const LAYOUT = [
  {
    legend: t('About you'),
    hint: t('We only use these to contact you about your case study. We do not publish them.'),
    fields: [
      /** @type {Field} */ ({ name: 'depositor_name', label: t('Your name'), type: 'text', autocomplete: 'name', width: 'short', maxLength: 200, missing: t('Enter your name') }),
      /** @type {Field} */ ({ name: 'depositor_email', label: t('Your email address'), type: 'email', autocomplete: 'email', maxLength: 320, missing: t('Enter your email address'), invalid: t('Enter an email address in the right form, like name@example.com') })
    ]
  },
  {
    legend: t('About the project'),
    fields: [
      { ...TITLE, label: t('Name of the project'), missing: t('Enter the name of the project') },
      SUMMARY,
      { ...BODY, label: t('Tell us more'), noun: t('the full description'), maxLength: 50_000, hint: `${TELL_US_MORE} ${BODY.hint ?? ''}` },
      START_YEAR, END_YEAR, PLACE, REGION, { ...KEYWORDS, maxItems: 20 }
    ]
  },
  {
    legend: t('Who was involved'),
    fields: [CONTRIBUTORS, ORGANISATIONS]
  },
  {
    legend: t('What happened'),
    fields: [OUTCOMES, FUNDING, PUBLICATIONS, { ...LINKS, maxItems: 20 }]
  },
  /** @type {Field} */ ({ name: 'website', label: t('Website'), type: 'honeypot' })
]

export class DepositScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    this.sending = false
  }

  async show () {
    document.title = pageTitle(t('Share your project'))
    this.fields = new FormFields(LAYOUT, 'deposit')
    this.$summary = h('div', {})
    this.$licence = h('p', {}, t('We publish case studies under an open licence, so that others can learn from them.'))
    this.$button = h('button', { type: 'submit', class: 'button' }, t('Send your case study'))
    this.$form = h('form', { novalidate: true, on: { submit: (event) => this.submit(event) } },
      this.fields.$element,
      h('h2', {}, t('Before you send it')),
      h('ul', { class: 'list-bullet measure' },
        h('li', {}, t('An editor will read your case study before it is published. This usually takes a few weeks.')),
        h('li', {}, t('Do not include anything private about other people.'))),
      this.$licence,
      this.$button)
    fill(this.$main, 
      h('div', { class: 'measure' },
        this.$summary,
        h('span', { class: 'caption' }, t('Case studies')),
        h('h1', {}, t('Share your project')),
        h('p', { class: 'lead' }, t('Tell us about a project where people who use a service and people who run it worked together. We will add it to the knowledge base so that others can learn from it.')),
        this.$form)
    )
    const meta = await siteMeta()
    fill(this.$licence, ...tf('When it is published, anyone can reuse it under the {licence} licence, as long as they say where it came from.', {
      licence: h('a', { href: meta.licence.url, rel: 'license' }, meta.licence.name)
    }))
  }

  /** @param {SubmitEvent} event */
  async submit (event) {
    event.preventDefault()
    if (this.sending || !this.fields) return
    this.sending = true
    this.$button.setAttribute('aria-disabled', 'true')
    const body = this.fields.read()
    try {
      const { data } = await request('POST', '/api/v1/submissions', { body })
      this.done(data)
    } catch (error) {
      this.problem(error)
    } finally {
      this.sending = false
      this.$button.removeAttribute('aria-disabled')
    }
  }

  /** @param {unknown} error */
  problem (error) {
    const fields = /** @type {FormFields} */ (this.fields)
    let items
    if (error instanceof ApiError && error.problem.errors.length) {
      items = fields.showErrors(error.problem.errors)
    } else if (error instanceof ApiError && error.status === 429) {
      const minutes = error.retryAfter ? Math.ceil(error.retryAfter / 60) : null
      const text = minutes
        ? tn('You have sent a lot of case studies in a short time. Please try again in {count} minute.', 'You have sent a lot of case studies in a short time. Please try again in {count} minutes.', minutes)
        : t('You have sent a lot of case studies in a short time. Please try again later.')
      items = [{ text, href: null }]
    } else {
      items = [{ text: t('Sorry, we could not send your case study. Please try again later.'), href: null }]
    }
    document.title = t('Error: {title}', { title: pageTitle(t('Share your project')) })
    const $summary = /** @type {HTMLElement} */ (this.$summary)
    fill($summary, errorSummary(items))
    initAll($summary)
  }

  /** @param {{ token: string, title?: string }} data */
  done (data) {
    document.title = pageTitle(t('Case study sent'))
    const link = `${window.location.origin}${localPath(statusPath(data.token))}`
    const $panel = h('div', { class: 'panel', tabindex: '-1' },
      h('h1', {}, t('Case study sent')),
      h('p', {}, t('Thank you for sharing your project.')))
    fill(this.$main, 
      h('div', { class: 'measure' },
        $panel,
        h('h2', {}, t('What happens next')),
        h('p', {}, t('An editor will read your case study. If it is right for the knowledge base, they will publish it. If not, they will say why.')),
        h('p', {}, t('You can check what has happened at any time with this private link. Keep it safe: anyone with the link can see the answer.')),
        h('div', { class: 'copy-field' },
          h('label', { class: 'label', for: 'status-link' }, t('Your private link')),
          h('input', { class: 'input', id: 'status-link', type: 'text', readonly: true, value: link, spellcheck: 'false' }),
          h('button', { type: 'button', class: 'button button--secondary button--small', 'data-module': 'ckb-copy', 'data-copy-target': 'status-link', 'data-copied-message': t('Link copied.') }, t('Copy link'))),
        h('p', {}, h('a', { href: statusPath(data.token) }, t('See what has happened to your case study'))),
        h('p', {}, h('a', { href: '/search' }, t('Search the knowledge base'))))
    )
    initAll(this.$main)
    $panel.focus()
  }
}
