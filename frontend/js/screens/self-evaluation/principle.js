/**
 * One principle (/self-evaluation/{token}/principles/{key}), as GOV.UK's question pages: each
 * statement a group of radios (the framework's scale, with what each level means, or "does not
 * apply"), notes and links to evidence. An answer is saved as soon as it is given, with the
 * version it was changed from (If-Match): if it was changed elsewhere in the meantime (another
 * tab, say), the API answers 412, and the page says so and shows the latest answer instead of
 * overwriting it.
 */

import { ApiError } from '../../api.js'
import { fill, h } from '../../dom.js'
import { t } from '../../i18n.js'
import { initAll } from '../../modules.js'
import { navigate } from '../../navigation.js'
import { errorSummary } from '../../components/error-summary.js'
import { apiPath, call, caption, load, screenPath, setTitle, showProblem, sitePath } from './common.js'

/** @typedef {import('./common.js').Answer} Answer */
/** @typedef {import('./common.js').Assessment} Assessment */
/** @typedef {import('./common.js').Framework} Framework */
/** @typedef {import('./common.js').Statement} Statement */

/**
 * @typedef {object} Row
 * @property {Statement} statement
 * @property {string} id
 * @property {HTMLInputElement[]} $radios
 * @property {HTMLTextAreaElement} $notes
 * @property {HTMLTextAreaElement} $evidence
 * @property {HTMLElement} $status
 * @property {HTMLElement} $error
 * @property {HTMLElement} $group
 * @property {Promise<boolean>} queue - the saves of this statement, one after another
 * @property {string | null} message - the problem shown with it
 */

/** @param {string} key */
function idOf (key) {
  return `se-${key.replace(/[^a-zA-Z0-9_-]/g, '-')}`
}

/** @param {string} text */
function linesOf (text) {
  return text.split(/\s*\n\s*/).map((line) => line.trim()).filter(Boolean)
}

/**
 * What a row holds now, as the API takes it; undefined when no level is chosen.
 * @param {Row} row
 */
function valueOf (row) {
  const $chosen = row.$radios.find(($radio) => $radio.checked)
  if (!$chosen) return undefined
  return {
    level: $chosen.value === 'na' ? null : Number($chosen.value),
    notes: row.$notes.value.trim(),
    evidence: linesOf(row.$evidence.value)
  }
}

/**
 * @param {Answer | undefined} answer
 * @param {{ level: number | null, notes: string, evidence: string[] }} value
 */
function same (answer, value) {
  return Boolean(answer) && answer?.level === value.level && (answer?.notes ?? '') === value.notes &&
    JSON.stringify(answer?.evidence ?? []) === JSON.stringify(value.evidence)
}

export class PrincipleScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    /** @type {Map<string, Answer>} */
    this.answers = new Map()
    /** @type {Row[]} */
    this.rows = []
    this.token = ''
    this.$summary = h('div', {})
    this.$notice = h('div', { role: 'alert' })
  }

  /**
   * @param {string} token
   * @param {string[]} rest - the principle's key
   */
  async show (token, rest) {
    this.token = token
    let loaded
    try {
      loaded = await load(token)
    } catch (error) {
      showProblem(this.$main, error)
      return
    }
    const { assessment, framework } = loaded
    const index = framework.principles.findIndex((principle) => principle.key === rest[0])
    if (index < 0) {
      showProblem(this.$main, { status: 404 })
      return
    }
    const principle = framework.principles[index]
    this.framework = framework
    this.assessment = assessment
    this.next = framework.principles[index + 1] ?? null
    this.closed = assessment.status === 'completed' || assessment.respondent.submitted
    for (const answer of assessment.answers) this.answers.set(answer.statement, answer)
    setTitle(principle.title)

    this.rows = principle.statements.map((statement) => this.row(statement, framework))
    for (const row of this.rows) this.fillRow(row, this.answers.get(row.statement.key))

    const $form = h('form', { novalidate: true, on: { submit: (event) => this.submit(/** @type {SubmitEvent} */ (event)) } },
      this.rows.map((row) => row.$group),
      this.closed
        ? h('p', {}, h('a', { href: screenPath(token) }, t('Back to your self-evaluation')))
        : h('div', { class: 'button-group' },
          h('button', { type: 'submit', class: 'button', name: 'then', value: 'continue' }, t('Save and continue')),
          h('button', { type: 'submit', class: 'button button--secondary', name: 'then', value: 'later' }, t('Save and come back later'))))

    fill(this.$main, h('div', { class: 'measure' },
      h('a', { class: 'back-link', href: screenPath(token) }, t('Back to your self-evaluation')),
      this.$summary,
      this.$notice,
      caption(assessment),
      h('h1', {}, principle.title),
      h('p', { class: 'hint' }, t('Principle {number} of {count}', { number: index + 1, count: framework.principles.length })),
      principle.summary ? h('p', { class: 'lead' }, principle.summary) : null,
      principle.section
        ? h('p', {}, h('a', { href: sitePath('/toolkit/' + encodeURIComponent(principle.section.slug)) }, t('Read about this principle in the toolkit: {title}', { title: principle.section.title })))
        : null,
      this.closed
        ? h('div', { class: 'inset' }, h('p', {}, t('These answers have been submitted, so they can no longer be changed.')))
        : h('p', {}, t('Each answer is saved as soon as you give it. Choose the level that describes your organisation today, not where you want to be.')),
      $form))
  }

  /**
   * The radios, notes and evidence of one statement.
   * @param {Statement} statement
   * @param {Framework} framework
   * @returns {Row}
   */
  row (statement, framework) {
    const id = idOf(statement.key)
    const name = `${id}-level`
    const disabled = this.closed
    /** @type {HTMLInputElement[]} */
    const $radios = []
    const $levels = framework.scale.map((level) => {
      const $radio = h('input', { type: 'radio', name, id: `${id}-level-${level.level}`, value: String(level.level), 'aria-describedby': `${id}-level-${level.level}-hint`, disabled })
      $radios.push($radio)
      return h('div', { class: 'choice choice--hinted' }, $radio,
        h('div', {},
          h('label', { for: $radio.id }, t('{level}: {label}', { level: level.level, label: level.label })),
          h('p', { class: 'hint choice__hint', id: `${id}-level-${level.level}-hint` }, level.description)))
    })
    const $na = h('input', { type: 'radio', name, id: `${id}-level-na`, value: 'na', disabled })
    $radios.push($na)
    const $notes = h('textarea', { class: 'textarea', id: `${id}-notes`, rows: 3, 'aria-describedby': `${id}-notes-hint`, disabled })
    const $evidence = h('textarea', { class: 'textarea', id: `${id}-evidence`, rows: 2, spellcheck: 'false', 'aria-describedby': `${id}-evidence-hint`, disabled })
    const $status = h('p', { class: 'status-text small', role: 'status', id: `${id}-status` })
    const $error = h('p', { class: 'error-message', id: `${id}-error`, hidden: true })
    const $fieldset = h('fieldset', { class: 'form-group', 'aria-describedby': statement.help ? `${id}-help` : null },
      h('legend', { class: 'legend--m' }, h('h2', { class: 'heading-m' }, statement.text)),
      statement.help ? h('p', { class: 'hint', id: `${id}-help` }, t('What a high level looks like: {help}', { help: statement.help })) : null,
      $error,
      h('div', { class: 'choices' }, $levels,
        h('p', { class: 'choices__divider' }, t('or')),
        h('div', { class: 'choice' }, $na, h('label', { for: $na.id }, framework.not_applicable))))
    const $group = h('div', { class: 'statement', id: `${id}-group` },
      $fieldset,
      h('div', { class: 'form-group' },
        h('label', { class: 'label', for: $notes.id }, t('Notes (optional)')),
        h('p', { class: 'hint', id: `${id}-notes-hint` }, t('What you do now, or why you chose this level.')),
        $notes),
      h('div', { class: 'form-group' },
        h('label', { class: 'label', for: $evidence.id }, t('Links to evidence (optional)')),
        h('p', { class: 'hint', id: `${id}-evidence-hint` }, t('One web address a line, for example a report or a page about a project.')),
        $evidence),
      $status)
    /** @type {Row} */
    const row = { statement, id, $radios, $notes, $evidence, $status, $error, $group, queue: Promise.resolve(true), message: null }
    for (const $radio of $radios) $radio.addEventListener('change', () => this.enqueue(row))
    $notes.addEventListener('change', () => this.enqueue(row))
    $evidence.addEventListener('change', () => this.enqueue(row))
    return row
  }

  /**
   * @param {Row} row
   * @param {Answer | undefined} answer
   */
  fillRow (row, answer) {
    const chosen = answer ? (answer.level === null ? 'na' : String(answer.level)) : ''
    for (const $radio of row.$radios) $radio.checked = $radio.value === chosen
    row.$notes.value = answer?.notes ?? ''
    row.$evidence.value = (answer?.evidence ?? []).join('\n')
  }

  /**
   * Save a statement after the saves already asked for it.
   * @param {Row} row
   * @returns {Promise<boolean>}
   */
  enqueue (row) {
    row.queue = row.queue.then(() => this.save(row))
    return row.queue
  }

  /**
   * @param {Row} row
   * @param {string | null} message
   */
  setError (row, message) {
    row.message = message
    row.$error.hidden = !message
    fill(row.$error, message ? [h('span', { class: 'visually-hidden' }, t('Error:')), ' ', message] : [])
    row.$group.classList.toggle('form-group--error', Boolean(message))
    const $fieldset = row.$group.querySelector('fieldset')
    const described = [row.statement.help ? `${row.id}-help` : null, message ? row.$error.id : null].filter(Boolean).join(' ')
    if (described) $fieldset?.setAttribute('aria-describedby', described)
    else $fieldset?.removeAttribute('aria-describedby')
  }

  /**
   * Save one statement's answer if it changed; false if it could not be saved.
   * @param {Row} row
   * @returns {Promise<boolean>}
   */
  async save (row) {
    if (this.closed) return true
    const value = valueOf(row)
    const key = row.statement.key
    if (!value) {
      if (row.$notes.value.trim() || row.$evidence.value.trim()) {
        this.setError(row, t('Choose a level, or “{na}”, to save your notes and links', { na: this.framework?.not_applicable ?? '' }))
        return false
      }
      return true
    }
    const previous = this.answers.get(key)
    if (same(previous, value)) return true
    row.$status.textContent = t('Saving…')
    try {
      const { data } = await call('PUT', apiPath(this.token, 'answers/' + encodeURIComponent(key)), {
        body: value,
        ifMatch: previous?.version
      })
      this.answers.set(key, data)
      this.setError(row, null)
      row.$status.textContent = t('Saved')
      return true
    } catch (error) {
      row.$status.textContent = ''
      if (error instanceof ApiError && (error.status === 412 || error.status === 428)) {
        await this.reloadAnswer(row)
        return false
      }
      if (error instanceof ApiError && error.status === 409) {
        this.setError(row, t('These answers have been submitted, so they can no longer be changed.'))
      } else if (error instanceof ApiError && error.problem.errors.some((item) => (item.field ?? '').startsWith('evidence'))) {
        this.setError(row, t('Enter each link as a full web address, starting with https://'))
      } else if (error instanceof ApiError && error.status === 422) {
        this.setError(row, error.problem.errors[0]?.message || error.problem.detail || t('Check this answer and try again'))
      } else {
        this.setError(row, t('Your answer could not be saved. Check your connection and try again.'))
      }
      return false
    }
  }

  /**
   * The answer was changed elsewhere: show the latest one, and say so.
   * @param {Row} row
   */
  async reloadAnswer (row) {
    const message = t('This answer was changed somewhere else, perhaps in another tab or window, after you opened this page. Your change was not saved, so that it does not overwrite the other one. The latest answer is shown now: check it, and change it again if you need to.')
    try {
      const { assessment } = await load(this.token)
      const latest = assessment.answers.find((answer) => answer.statement === row.statement.key)
      if (latest) this.answers.set(latest.statement, latest)
      else this.answers.delete(row.statement.key)
      this.fillRow(row, latest)
    } catch {
      // The message below still stands; the page keeps what it had.
    }
    this.setError(row, message)
    fill(this.$notice, h('div', { class: 'notice', 'data-notice': 'conflict' },
      h('h2', { class: 'notice__title heading-m' }, t('An answer was changed somewhere else')),
      h('p', {}, t('We have loaded the latest answer to “{statement}” instead of overwriting it.', { statement: row.statement.text }), ' ',
        h('a', { href: `#${row.id}-level-${row.$radios.find(($radio) => $radio.checked)?.value ?? 'na'}` }, t('Go to the answer')))))
  }

  /** @param {SubmitEvent} event */
  async submit (event) {
    event.preventDefault()
    const then = /** @type {HTMLButtonElement | null} */ (event.submitter)?.value ?? 'continue'
    const results = await Promise.all(this.rows.map((row) => this.enqueue(row)))
    const failed = this.rows.filter((_row, index) => !results[index])
    if (failed.length) {
      setTitle(t('Error:') + ' ' + (this.$main.querySelector('h1')?.textContent ?? ''))
      fill(this.$summary, errorSummary(failed.map((row) => ({
        text: row.message || row.statement.text,
        href: `#${row.$radios[0].id}`
      })), t('There is a problem')))
      initAll(this.$summary)
      return
    }
    if (then === 'later') {
      navigate(screenPath(this.token) + '?saved=1')
    } else if (this.next) {
      navigate(screenPath(this.token, 'principles/' + encodeURIComponent(this.next.key)))
    } else {
      navigate(screenPath(this.token, 'check'))
    }
  }
}
