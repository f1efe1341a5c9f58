/**
 * The task list of an assessment (/self-evaluation/{token}): each principle with how far its
 * statements are answered, then checking and submitting, as in GOV.UK's task list pattern.
 */

import { h } from '../../dom.js'
import { t } from '../../i18n.js'
import { caption, load, screenPath, setTitle, showProblem, subNav } from './common.js'

/** @typedef {import('./common.js').Assessment} Assessment */
/** @typedef {import('./common.js').Framework} Framework */
/** @typedef {import('./common.js').Principle} Principle */

/**
 * @param {Principle} principle
 * @param {Set<string>} answered
 * @returns {'done' | 'started' | 'todo'}
 */
export function progressOf (principle, answered) {
  const count = principle.statements.filter((statement) => answered.has(statement.key)).length
  if (count === principle.statements.length && count > 0) return 'done'
  return count ? 'started' : 'todo'
}

/** @param {'done' | 'started' | 'todo'} progress */
function statusTag (progress) {
  if (progress === 'done') return h('strong', { class: 'tag tag--published' }, t('Completed'))
  if (progress === 'started') return h('strong', { class: 'tag tag--pending' }, t('In progress'))
  return h('strong', { class: 'tag tag--grey' }, t('Not started'))
}

/**
 * Who is answering, in a sentence.
 * @param {Assessment} assessment
 */
function whoText (assessment) {
  if (assessment.role === 'peer') return t('You are reviewing how {organisation} co-produces, as {name}. You will not see their own answers until you submit yours.', { organisation: assessment.organisation, name: assessment.respondent.name })
  if (assessment.role === 'team') return t('You are answering as {name}, a colleague at {organisation}. Your answers are combined with your colleagues’ answers.', { organisation: assessment.organisation, name: assessment.respondent.name })
  return t('Only people with a link can see these answers.')
}

export class OverviewScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
  }

  /**
   * @param {string} token
   * @param {string[]} _rest
   * @param {URL} url - ?saved=1 after "Save and come back later"
   */
  async show (token, _rest, url) {
    let loaded
    try {
      loaded = await load(token)
    } catch (error) {
      showProblem(this.$main, error)
      return
    }
    const { assessment, framework } = loaded
    setTitle(assessment.organisation)
    const answered = new Set(assessment.answers.map((answer) => answer.statement))
    const total = framework.principles.reduce((sum, principle) => sum + principle.statements.length, 0)
    const closed = assessment.status === 'completed' || assessment.respondent.submitted
    const next = framework.principles.find((principle) => progressOf(principle, answered) !== 'done')

    const saved = url.searchParams.get('saved') === '1'
    this.$main.append(h('div', {},
      saved
        ? h('div', { class: 'notice notice--success', role: 'status' },
          h('h2', { class: 'notice__title heading-m' }, t('Your answers have been saved')),
          h('p', {}, t('Come back to them at any time with your private link.')))
        : null,
      caption(assessment),
      h('h1', {}, t('Self-evaluation: {title}', { title: framework.title })),
      subNav(token, assessment, 'overview'),
      h('div', { class: 'measure' },
        h('p', {}, whoText(assessment)),
        closed
          ? h('div', { class: 'inset' },
            h('p', {}, assessment.status === 'completed' ? t('This round is complete: its answers can no longer be changed.') : t('You have submitted your answers: they can no longer be changed.')),
            h('p', {}, h('a', { href: screenPath(token, 'results') }, t('See the results'))))
          : null,
        h('h2', { class: 'heading-m' }, t('Your progress')),
        h('p', { 'aria-live': 'polite' }, t('Statements answered: {count} of {total}.', { count: answered.size, total })),
        !closed && next ? h('p', {}, h('a', { class: 'button', href: screenPath(token, 'principles/' + encodeURIComponent(next.key)) }, answered.size ? t('Continue where you left off') : t('Start with the first principle'))) : null),
      h('ol', { class: 'task-list' },
        h('li', { class: 'task-list__section' },
          h('h2', { class: 'heading-m' }, t('1. Rate each principle')),
          h('ul', { class: 'task-list__items' }, framework.principles.map((principle) => {
            const progress = progressOf(principle, answered)
            const done = principle.statements.filter((statement) => answered.has(statement.key)).length
            const id = 'task-' + principle.key
            return h('li', { class: 'task-list__item' },
              h('span', { class: 'task-list__name' },
                h('a', { href: screenPath(token, 'principles/' + encodeURIComponent(principle.key)), 'aria-describedby': id }, principle.title),
                h('span', { class: 'hint small' }, ' ', t('(answered: {done} of {count})', { done, count: principle.statements.length }))),
              h('span', { class: 'task-list__status', id }, statusTag(progress)))
          }))),
        h('li', { class: 'task-list__section' },
          h('h2', { class: 'heading-m' }, t('2. Check and submit')),
          h('ul', { class: 'task-list__items' },
            h('li', { class: 'task-list__item' },
              h('span', { class: 'task-list__name' },
                h('a', { href: screenPath(token, 'check'), 'aria-describedby': 'task-check' }, t('Check your answers and submit them'))),
              h('span', { class: 'task-list__status', id: 'task-check' },
                closed ? h('strong', { class: 'tag tag--published' }, t('Submitted')) : h('strong', { class: 'tag tag--grey' }, t('Not submitted')))))))))
  }
}
