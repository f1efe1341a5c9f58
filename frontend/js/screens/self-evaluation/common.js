/**
 * What the self-evaluation screens share: their paths (under /cy/ on the Welsh site), the API
 * calls made with a link's token (asking for the page's language), the framework an assessment
 * was taken against, and small pieces of page (a caption, a problem, a private link).
 */

import { apiBase, request } from '../../api.js'
import { fill, h } from '../../dom.js'
import { loadMessages, pageLanguage, t } from '../../i18n.js'
import { pageTitle } from '../../labels.js'

/** @typedef {import('../../api.js').RequestOptions} RequestOptions */

/**
 * @typedef {object} ScaleLevel
 * @property {number} level
 * @property {string} label
 * @property {string} description
 */

/**
 * @typedef {object} Related
 * @property {string} kind
 * @property {string} slug
 * @property {string} title
 * @property {string} [summary]
 */

/**
 * @typedef {object} Statement
 * @property {string} key
 * @property {string} text
 * @property {string} help
 * @property {string} advice
 * @property {Related[]} related
 */

/**
 * @typedef {object} Principle
 * @property {string} key
 * @property {string} title
 * @property {string} summary
 * @property {{ kind: string, slug: string, title: string } | null} section
 * @property {Statement[]} statements
 */

/**
 * @typedef {object} Framework
 * @property {string} slug
 * @property {number} version
 * @property {string} title
 * @property {string} summary
 * @property {ScaleLevel[]} scale
 * @property {string} not_applicable
 * @property {Principle[]} principles
 */

/**
 * @typedef {object} Answer
 * @property {string} statement
 * @property {number | null} level
 * @property {string} notes
 * @property {string[]} evidence
 * @property {number} version
 * @property {string} updated_at
 */

/**
 * @typedef {object} Assessment
 * @property {string} organisation
 * @property {{ slug: string, version: number, title: string }} framework
 * @property {number} round
 * @property {number} rounds
 * @property {'draft' | 'completed'} status
 * @property {'owner' | 'team' | 'peer'} role
 * @property {{ name: string, role: string, submitted: boolean }} respondent
 * @property {number} version
 * @property {boolean} benchmark
 * @property {string} created_at
 * @property {string} updated_at
 * @property {Answer[]} answers
 * @property {Array<{ principle: string, level: number, date: string }>} [targets]
 */

/** The Welsh site's pages live under /cy/: the same paths otherwise. */
export function welshSite () {
  return /^\/cy(\/|$)/.test(window.location.pathname)
}

/** The language the screens are shown in. */
export function language () {
  return welshSite() ? 'cy' : pageLanguage()
}

/** @param {string} path - a path of this site, such as /toolkit/assets */
export function sitePath (path) {
  return welshSite() ? '/cy' + path : path
}

/** @param {string} [token] @param {string} [rest] - such as `results` or `principles/assets` */
export function screenPath (token, rest) {
  if (!token) return sitePath('/self-evaluation')
  return sitePath('/self-evaluation/' + encodeURIComponent(token) + (rest ? '/' + rest : ''))
}

/** @param {string} token @param {string} [rest] */
export function apiPath (token, rest) {
  return '/api/v1/assessments/' + encodeURIComponent(token) + (rest ? '/' + rest : '')
}

/**
 * An API call in the language of the page.
 * @param {string} method
 * @param {string} path
 * @param {RequestOptions} [options]
 */
export function call (method, path, options = {}) {
  const params = language() === 'cy' ? { ...options.params, lang: 'cy' } : options.params
  return request(method, path, { ...options, params })
}

/**
 * @param {string} path
 * @param {RequestOptions} [options]
 * @returns {Promise<any>}
 */
export async function read (path, options) {
  return (await call('GET', path, options)).data
}

/** @type {Promise<void> | null} */
let welsh = null

/**
 * On the Welsh site, the Welsh catalogue, when the server has not put it in the page.
 * The page's lang follows, so that screen readers speak Welsh.
 */
export function ensureLanguage () {
  if (!welshSite()) return Promise.resolve()
  document.documentElement.lang = 'cy-GB'
  if (document.getElementById('ckb-messages')) return Promise.resolve()
  welsh ??= loadMessages(apiBase, 'cy').catch(() => undefined)
  return welsh
}

/** @type {Map<string, Promise<Framework>>} */
const frameworks = new Map()

/**
 * The version of the framework an assessment was taken against (published versions never
 * change, so it is asked for once per page load).
 * @param {{ slug: string, version: number }} framework
 * @returns {Promise<Framework>}
 */
export function frameworkOf (framework) {
  const key = [framework.slug, framework.version, language()].join('@')
  let found = frameworks.get(key)
  if (!found) {
    found = read('/api/v1/frameworks/' + encodeURIComponent(framework.slug) + '/versions/' + framework.version)
    found.catch(() => frameworks.delete(key))
    frameworks.set(key, found)
  }
  return found
}

/**
 * The assessment a link reaches and its framework.
 * @param {string} token
 * @param {number | null} [round]
 * @returns {Promise<{ assessment: Assessment, framework: Framework }>}
 */
export async function load (token, round = null) {
  /** @type {Assessment} */
  const assessment = await read(apiPath(token), { params: { round } })
  const framework = await frameworkOf(assessment.framework)
  return { assessment, framework }
}

/** A score as people read it: one decimal place. @param {number | null | undefined} value */
export function score (value) {
  if (value === null || value === undefined) return '–'
  return value.toLocaleString(language() === 'cy' ? 'cy-GB' : 'en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
}

/** A difference, with its sign. @param {number | null | undefined} value */
export function difference (value) {
  if (value === null || value === undefined) return '–'
  const sign = value > 0 ? '+' : value < 0 ? '−' : ''
  return sign + score(Math.abs(value))
}

/** @param {string | null | undefined} iso */
export function dayText (iso) {
  if (!iso) return ''
  const date = new Date(iso.length === 10 ? iso + 'T12:00:00' : iso)
  if (Number.isNaN(date.getTime())) return ''
  return new Intl.DateTimeFormat(language() === 'cy' ? 'cy-GB' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(date)
}

/** @param {string} role */
export function roleText (role) {
  if (role === 'team') return t('Colleague')
  if (role === 'peer') return t('Reviewer from another organisation')
  return t('Owner')
}

/**
 * How a level reads: "3: Working on it", or the framework's "not applicable" label.
 * @param {Framework} framework
 * @param {number | null | undefined} level
 */
export function levelText (framework, level) {
  if (level === null) return framework.not_applicable
  const found = framework.scale.find((item) => item.level === level)
  return found ? t('{level}: {label}', { level: found.level, label: found.label }) : String(level ?? '')
}

/** @param {string} text */
export function setTitle (text) {
  document.title = pageTitle(text + ' – ' + t('Self-evaluation'))
}

/**
 * The caption above a heading: whose assessment, which round.
 * @param {Assessment} assessment
 */
export function caption (assessment) {
  const round = assessment.rounds > 1 ? ' – ' + t('round {round}', { round: assessment.round }) : ''
  return h('span', { class: 'caption' }, `${assessment.organisation}${round}`)
}

/**
 * The links between the screens of an assessment.
 * @param {string} token
 * @param {Assessment} assessment
 * @param {string} current - the screen shown: overview, results, team, rounds
 */
export function subNav (token, assessment, current) {
  const items = [
    { key: 'overview', text: t('Your answers'), href: screenPath(token) },
    { key: 'results', text: t('Results'), href: screenPath(token, 'results') },
    assessment.role === 'owner' ? { key: 'team', text: t('Team and reviewers'), href: screenPath(token, 'team') } : null,
    { key: 'rounds', text: t('Rounds'), href: screenPath(token, 'rounds') },
    { key: 'print', text: t('Printable report'), href: screenPath(token, 'print') }
  ]
  return h('nav', { class: 'sub-nav', 'aria-label': t('Self-evaluation') },
    h('ul', { class: 'sub-nav__list' },
      items.map((item) => item && h('li', {},
        h('a', { class: 'sub-nav__link', href: item.href, 'aria-current': item.key === current ? 'page' : null }, item.text)))))
}

/**
 * The private link, with a button to copy it.
 * @param {string} url - a path, such as /self-evaluation/own_…
 * @param {string} id
 * @param {string} label
 */
export function linkField (url, id, label) {
  const link = window.location.origin + (url.startsWith('/cy/') || !welshSite() ? url : '/cy' + url)
  return h('div', { class: 'copy-field' },
    h('label', { class: 'label', for: id }, label),
    h('input', { class: 'input', id, type: 'text', readonly: true, value: link, spellcheck: 'false' }),
    h('button', { type: 'button', class: 'button button--secondary button--small', 'data-module': 'ckb-copy', 'data-copy-target': id, 'data-copied-message': t('Link copied.') }, t('Copy link')))
}

/**
 * A screen that could not be shown: the link is wrong (404), or something else went wrong.
 * @param {HTMLElement} $main
 * @param {unknown} error
 */
export function showProblem ($main, error) {
  const status = /** @type {{ status?: number }} */ (error)?.status
  if (status === 404) {
    setTitle(t('This link does not work'))
    fill($main, h('div', { class: 'measure' },
      h('h1', {}, t('This link does not work')),
      h('p', {}, t('The link may be mistyped, or it may have been replaced or withdrawn by the organisation that shared it.')),
      h('p', {}, t('If someone sent it to you, ask them for a new link.')),
      h('p', {}, h('a', { href: screenPath() }, t('Start a new self-evaluation')))))
    return
  }
  setTitle(t('Sorry, there is a problem'))
  fill($main, h('div', { class: 'measure' },
    h('h1', {}, t('Sorry, there is a problem')),
    h('p', {}, t('We could not load your self-evaluation. Your answers are saved. Please try again later.'))))
}
