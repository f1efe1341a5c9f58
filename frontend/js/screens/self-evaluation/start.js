/**
 * Start a self-evaluation (/self-evaluation): the organisation's name, an e-mail address if
 * they want, whether their scores may join the benchmark; then the private link, shown once,
 * to come back with.
 */

import { ApiError } from '../../api.js'
import { fill, h } from '../../dom.js'
import { t } from '../../i18n.js'
import { initAll } from '../../modules.js'
import { errorSummary } from '../../components/error-summary.js'
import { call, linkField, read, screenPath, setTitle } from './common.js'

/** @typedef {import('./common.js').Framework} Framework */

export class StartScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    this.sending = false
  }

  async show () {
    setTitle(t('Start a self-evaluation'))
    /** @type {Array<{ slug: string, title: string, summary: string }>} */
    let frameworks = []
    try {
      frameworks = (await read('/api/v1/frameworks')).items
    } catch {
      frameworks = []
    }
    this.frameworks = frameworks
    this.$summary = h('div', {})
    this.$organisation = h('input', { class: 'input', id: 'se-organisation', name: 'organisation', type: 'text', autocomplete: 'organization', maxlength: 200, spellcheck: 'false', 'aria-describedby': 'se-organisation-hint' })
    this.$email = h('input', { class: 'input', id: 'se-email', name: 'email', type: 'email', autocomplete: 'email', maxlength: 320, spellcheck: 'false', 'aria-describedby': 'se-email-hint' })
    this.$benchmark = h('input', { type: 'checkbox', id: 'se-benchmark', name: 'benchmark', 'aria-describedby': 'se-benchmark-hint' })
    this.$button = h('button', { type: 'submit', class: 'button' }, t('Start'))
    /** @type {HTMLInputElement[]} */
    this.$frameworks = frameworks.map((framework, index) =>
      h('input', { type: 'radio', name: 'framework', id: `se-framework-${index}`, value: framework.slug, checked: index === 0 }))

    const $choice = frameworks.length > 1
      ? h('fieldset', { class: 'form-group' },
        h('legend', { class: 'label' }, t('Which framework do you want to use?')),
        h('div', { class: 'choices' }, frameworks.map((framework, index) =>
          h('div', { class: 'choice' }, this.$frameworks[index], h('label', { for: this.$frameworks[index].id }, framework.title)))))
      : null
    const only = frameworks.length === 1 ? frameworks[0] : null

    fill(this.$main, h('div', { class: 'measure' },
      this.$summary,
      h('span', { class: 'caption' }, t('Self-evaluation')),
      h('h1', {}, t('How well are you co-producing?')),
      h('p', { class: 'lead' }, t('Rate your organisation against the principles of co-production, with colleagues and with a reviewer from another organisation. You get a score per principle and an action plan that points to the guidance, case studies and resources in the knowledge base.')),
      only ? h('p', {}, t('You will use the framework “{title}”.', { title: only.title }), ' ', only.summary) : null,
      h('h2', {}, t('Before you start')),
      h('ul', { class: 'list-bullet' },
        h('li', {}, t('You do not need an account. You get a private link to come back to your answers.')),
        h('li', {}, t('Your answers are saved as you give them, so you can stop at any time.')),
        h('li', {}, t('It works best when people from across your organisation answer too. You can invite them later.'))),
      h('form', { novalidate: true, on: { submit: (event) => this.submit(/** @type {SubmitEvent} */ (event)) } },
        this.$organisationGroup = h('div', { class: 'form-group' },
          h('label', { class: 'label', for: 'se-organisation' }, t('Name of your organisation')),
          h('p', { class: 'hint', id: 'se-organisation-hint' }, t('For example, the name of your council, health board or charity.')),
          this.$organisationError = h('p', { class: 'error-message', id: 'se-organisation-error', hidden: true }),
          this.$organisation),
        h('div', { class: 'form-group' },
          h('label', { class: 'label', for: 'se-email' }, t('Email address (optional)')),
          h('p', { class: 'hint', id: 'se-email-hint' }, t('We keep it with your self-evaluation, so that we can find and erase it if you ask us to.')),
          this.$email),
        $choice,
        h('div', { class: 'form-group' },
          h('div', { class: 'choice' }, this.$benchmark,
            h('label', { for: 'se-benchmark' }, t('Add our scores to the benchmark, without our name'))),
          h('p', { class: 'hint', id: 'se-benchmark-hint' }, t('Once at least five organisations take part, everyone can see how scores spread across them. No organisation is ever named.'))),
        this.$button)))
  }

  /** @param {SubmitEvent} event */
  async submit (event) {
    event.preventDefault()
    if (this.sending) return
    const organisation = this.$organisation?.value.trim() ?? ''
    const email = this.$email?.value.trim() ?? ''
    this.fieldError(null)
    if (!organisation) {
      this.fieldError(t('Enter the name of your organisation'))
      this.problem([{ text: t('Enter the name of your organisation'), href: '#se-organisation' }])
      return
    }
    const framework = this.$frameworks?.find(($radio) => $radio.checked)?.value ?? this.frameworks?.[0]?.slug
    this.sending = true
    this.$button?.setAttribute('aria-disabled', 'true')
    try {
      const { data } = await call('POST', '/api/v1/assessments', {
        body: { framework, organisation, email: email || undefined, benchmark: Boolean(this.$benchmark?.checked) }
      })
      this.done(data)
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        this.problem([{ text: t('You have started a lot of self-evaluations in a short time. Please try again later.'), href: null }])
      } else if (error instanceof ApiError && error.problem.errors.some((item) => item.field === 'email')) {
        this.problem([{ text: t('Enter an email address in the right form, like name@example.com'), href: '#se-email' }])
      } else if (error instanceof ApiError && error.problem.errors.some((item) => item.field === 'organisation')) {
        this.fieldError(t('Enter a name of 200 characters or fewer'))
        this.problem([{ text: t('Enter a name of 200 characters or fewer'), href: '#se-organisation' }])
      } else {
        this.problem([{ text: t('Sorry, we could not start your self-evaluation. Please try again later.'), href: null }])
      }
    } finally {
      this.sending = false
      this.$button?.removeAttribute('aria-disabled')
    }
  }

  /**
   * The problem with the organisation's name, shown by the field (null: none).
   * @param {string | null} message
   */
  fieldError (message) {
    const $error = /** @type {HTMLElement} */ (this.$organisationError)
    const $input = /** @type {HTMLInputElement} */ (this.$organisation)
    $error.hidden = !message
    fill($error, message ? [h('span', { class: 'visually-hidden' }, t('Error:')), ' ', message] : [])
    this.$organisationGroup?.classList.toggle('form-group--error', Boolean(message))
    if (message) {
      $input.setAttribute('aria-invalid', 'true')
      $input.setAttribute('aria-describedby', 'se-organisation-hint se-organisation-error')
    } else {
      $input.removeAttribute('aria-invalid')
      $input.setAttribute('aria-describedby', 'se-organisation-hint')
    }
  }

  /** @param {Array<{ text: string, href: string | null }>} items */
  problem (items) {
    setTitle(t('Error:') + ' ' + t('Start a self-evaluation'))
    const $summary = /** @type {HTMLElement} */ (this.$summary)
    fill($summary, errorSummary(items, t('There is a problem')))
    initAll($summary)
  }

  /** @param {{ token: string, url: string, assessment: { organisation: string } }} data */
  done (data) {
    setTitle(t('Your self-evaluation has started'))
    const $panel = h('div', { class: 'panel', tabindex: '-1' },
      h('h1', {}, t('Your self-evaluation has started')),
      h('p', {}, data.assessment.organisation))
    fill(this.$main, h('div', { class: 'measure' },
      $panel,
      h('h2', {}, t('Keep your private link')),
      h('div', { class: 'warning-text' },
        h('span', { class: 'warning-text__icon', 'aria-hidden': 'true' }, '!'),
        h('p', { class: 'warning-text__text' },
          h('span', { class: 'visually-hidden' }, t('Warning')), ' ',
          t('This link is the only way back to your answers, and we cannot show it again. Anyone who has it can see and change your answers, so keep it safe: save it in your bookmarks or a password manager, or copy it somewhere private.'))),
      linkField(data.url, 'se-private-link', t('Your private link')),
      h('p', {}, t('You can invite colleagues and a reviewer with links of their own: do not share this one.')),
      h('a', { class: 'button', href: screenPath(data.token) }, t('Continue to your self-evaluation'))))
    initAll(this.$main)
    $panel.focus()
  }
}
