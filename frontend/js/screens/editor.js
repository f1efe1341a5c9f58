/**
 * The editors' workspace (/editor/…): sign in with an API key once per tab; then the case
 * studies waiting for review (/editor), adding and changing entries (/editor/entries,
 * /editor/new/{kind}, /editor/edit/{kind}/{id}) and the order of the toolkit (/editor/toolkit).
 */

import { ApiError, getJson } from '../api.js'
import { fill, h } from '../dom.js'
import { pageTitle } from '../labels.js'
import { initAll } from '../modules.js'
import { navigate } from '../navigation.js'
import { errorSummary } from '../components/error-summary.js'
import { createControl } from '../controls/index.js'
import { showNotFound } from './not-found.js'
import { clearKey, getKey, setKey } from './editor/session.js'
import { QueueView } from './editor/queue.js'
import { EntriesView } from './editor/entries.js'
import { EntryFormView } from './editor/entry-form.js'
import { ToolkitOrderView } from './editor/toolkit-order.js'
import { HistoryView } from './editor/history.js'
import { MergeView } from './editor/merge.js'
import { HeldView } from './editor/held.js'
import { t, withoutLanguage } from '../i18n.js'

/**
 * @typedef {object} Me
 * @property {'admin' | 'editor' | 'partner'} role
 * @property {{ id: number, name: string }} partner
 * @property {string} key_prefix
 */

/**
 * @typedef {object} EditorView
 * @property {(url: URL) => Promise<void>} show
 */

/** @type {import('../controls/base.js').Field} */
const KEY = {
  name: 'key',
  label: t('Your API key'),
  type: 'password',
  autocomplete: 'off',
  hint: t('Your administrator gave it to you. It starts with ckb_. We keep it in this browser tab only, until you close it.')
}

const SECTIONS = [
  { path: '/editor', label: t('Case studies to review') },
  { path: '/editor/entries', label: t('Add or change entries') },
  { path: '/editor/held', label: t('Changes to review') },
  { path: '/editor/merge', label: t('Merge duplicates') },
  { path: '/editor/toolkit', label: t('Order the toolkit') }
]

/**
 * "Signed in as an editor for … (key …).": whole sentences, so that each language words them its own way.
 * @param {Me} me
 */
function signedIn (me) {
  const values = { partner: me.partner?.name ?? t('the knowledge base'), prefix: me.key_prefix }
  if (me.role === 'admin') {
    return me.key_prefix
      ? t('Signed in as an administrator for {partner} (key {prefix}…).', values)
      : t('Signed in as an administrator for {partner}.', values)
  }
  return me.key_prefix
    ? t('Signed in as an editor for {partner} (key {prefix}…).', values)
    : t('Signed in as an editor for {partner}.', values)
}

export class EditorScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    /** @type {Me | null} */
    this.me = null
    /** @type {string | null} */
    this.checkedKey = null
  }

  /** @param {URL} url */
  async show (url) {
    const key = getKey()
    if (!key) {
      this.signIn(null)
      return
    }
    if (this.checkedKey !== key) {
      const problem = await this.check(key)
      if (problem) {
        clearKey()
        this.signIn(problem)
        return
      }
    }
    await this.workspace(url, key)
  }

  /**
   * Ask the API who this key belongs to; returns a problem to show, or null when it may edit.
   * @param {string} key
   * @returns {Promise<string | null>}
   */
  async check (key) {
    try {
      this.me = await getJson('/api/v1/me', { key })
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return t('That key did not work. Check it and try again.')
      return t('We could not check your key. Please try again later.')
    }
    if (!this.me || !['admin', 'editor'].includes(this.me.role)) {
      return t('This key is for a partner organisation. You need an editor’s key to use the workspace.')
    }
    this.checkedKey = key
    return null
  }

  /** @param {string | null} problem */
  signIn (problem) {
    document.title = problem ? t('Error: {title}', { title: pageTitle(t('Sign in')) }) : pageTitle(t('Sign in – Editors'))
    const key = createControl(KEY, 'editor-key')
    key.setError(problem)
    const $form = h('form', { novalidate: true, on: { submit: (event) => this.onSignIn(event, key) } },
      key.$group,
      h('button', { class: 'button', type: 'submit' }, t('Sign in')))
    fill(this.$main, 
      h('div', { class: 'measure' },
        problem ? errorSummary([{ text: problem, href: '#editor-key' }]) : null,
        h('span', { class: 'caption' }, t('Editors')),
        h('h1', {}, t('Sign in to the editors’ workspace')),
        h('p', {}, t('Editors review the case studies people send, and add and change entries.')),
        $form)
    )
    initAll(this.$main)
  }

  /**
   * @param {SubmitEvent} event
   * @param {import('../controls/base.js').Control} control
   */
  async onSignIn (event, control) {
    event.preventDefault()
    const key = String(control.read() ?? '')
    if (!key) {
      this.signIn(t('Enter your API key'))
      return
    }
    const problem = await this.check(key)
    if (problem) {
      this.signIn(problem)
      return
    }
    setKey(key)
    const url = new URL(window.location.href)
    url.pathname = withoutLanguage(url.pathname) // as the router gives screens their address
    this.workspace(url, key)
    const $heading = this.$main.querySelector('h1')
    if ($heading instanceof HTMLElement) {
      $heading.tabIndex = -1
      $heading.focus()
    }
  }

  signOut () {
    clearKey()
    this.me = null
    this.checkedKey = null
    navigate('/editor')
  }

  /**
   * @param {URL} url
   * @param {string} key
   */
  async workspace (url, key) {
    const me = /** @type {Me} */ (this.me)
    const path = url.pathname.replace(/\/+$/, '') || '/editor'
    const $view = h('div', {})
    const section = path.startsWith('/editor/toolkit') ? '/editor/toolkit' : path.startsWith('/editor/held') ? '/editor/held' : path.startsWith('/editor/merge') ? '/editor/merge' : path.startsWith('/editor/entries') || path.startsWith('/editor/new') || path.startsWith('/editor/edit') || path.startsWith('/editor/history') ? '/editor/entries' : '/editor'
    fill(this.$main, 
      h('p', { class: 'small meta' },
        signedIn(me) + ' ',
        h('button', { type: 'button', class: 'link-button', on: { click: () => this.signOut() } }, t('Sign out'))),
      h('nav', { class: 'sub-nav', 'aria-label': t('Editors’ workspace') },
        h('ul', { class: 'sub-nav__list' },
          SECTIONS.map((s) => h('li', {}, h('a', { class: 'sub-nav__link', href: s.path, 'aria-current': s.path === section ? 'page' : null }, s.label))))),
      $view
    )
    const view = this.viewFor(path, $view, key)
    if (!view) {
      showNotFound($view, t('that part of the workspace'))
      return
    }
    await view.show(url)
    initAll($view)
  }

  /**
   * @param {string} path
   * @param {HTMLElement} $view
   * @param {string} key
   * @returns {EditorView | null}
   */
  viewFor (path, $view, key) {
    if (path === '/editor') return new QueueView($view, key)
    if (path === '/editor/entries') return new EntriesView($view, key)
    if (path === '/editor/toolkit') return new ToolkitOrderView($view, key)
    if (path === '/editor/held') return new HeldView($view, key)
    if (path === '/editor/merge') return new MergeView($view, key)
    const past = /^\/editor\/history\/(resources|projects|networks|toolkit-sections)\/(\d+)$/.exec(path)
    if (past) return new HistoryView($view, key, past[1], Number(past[2]))
    const create = /^\/editor\/new\/(resources|projects|networks|toolkit-sections)$/.exec(path)
    if (create) return new EntryFormView($view, key, create[1], null)
    const edit = /^\/editor\/edit\/(resources|projects|networks|toolkit-sections)\/(\d+)$/.exec(path)
    if (edit) return new EntryFormView($view, key, edit[1], Number(edit[2]))
    return null
  }
}
