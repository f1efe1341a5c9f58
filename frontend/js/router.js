/**
 * The app (data-module="ckb-app" on <main>): client-side routing with the History API. The URL
 * holds every screen's state, so a page can be shared or bookmarked and Back works. A link to
 * a screen of this site is followed without a reload; after moving to another screen, focus
 * goes to its heading so that screen readers announce it.
 *
 * The Welsh pages are the same screens under /cy/: screens see the path without it, and every
 * move within the site keeps the page's language. The language switch (a link with hreflang)
 * is followed by the browser: the server remembers the choice and sends the other catalogue.
 */

import { defineModule } from './modules.js'
import { NAVIGATE } from './navigation.js'
import { localPath, withoutLanguage } from './i18n.js'
import { SearchScreen } from './screens/search.js'
import { EntryScreen } from './screens/entry.js'
import { ToolkitScreen } from './screens/toolkit.js'
import { DepositScreen } from './screens/deposit.js'
import { StatusScreen } from './screens/deposit-status.js'
import { EditorScreen } from './screens/editor.js'
import { NotFoundScreen } from './screens/not-found.js'
import { SelfEvaluationScreen } from './screens/self-evaluation/index.js'

/**
 * @typedef {object} ShowContext
 * @property {boolean} update - the same screen, showing a new URL
 * @property {'top' | 'keep' | 'results' | 'none'} focus
 */

/**
 * @typedef {object} Screen
 * @property {(url: URL, context: ShowContext) => Promise<void>} show
 * @property {() => void} [leave]
 */

/** @typedef {new ($main: HTMLElement) => Screen} ScreenClass */

/** @type {Array<{ name: string, nav: string | null, pattern: RegExp, Screen: ScreenClass }>} */
const ROUTES = [
  { name: 'search', nav: 'search', pattern: /^\/(search\/?)?$/, Screen: SearchScreen },
  { name: 'entry', nav: null, pattern: /^\/(resources|projects|networks|toolkit-sections)\/[^/]+\/?$/, Screen: EntryScreen },
  { name: 'toolkit', nav: 'toolkit', pattern: /^\/toolkit(\/[^/]+)?\/?$/, Screen: ToolkitScreen },
  { name: 'deposit', nav: 'deposit', pattern: /^\/deposit\/?$/, Screen: DepositScreen },
  { name: 'status', nav: 'deposit', pattern: /^\/deposit\/status\/[^/]+\/?$/, Screen: StatusScreen },
  { name: 'editor', nav: 'editor', pattern: /^\/editor(\/.*)?$/, Screen: EditorScreen },
  { name: 'self-evaluation', nav: 'self-evaluation', pattern: /^\/self-evaluation(\/.*)?$/, Screen: SelfEvaluationScreen }
]

/**
 * The screen for a path; the Welsh site's paths are the same under /cy/.
 * @param {string} path
 */
function routeFor (path) {
  const within = path.replace(/^\/cy(?=\/|$)/, '') || '/'
  return ROUTES.find((route) => route.pattern.test(within)) ?? null
}

export class App {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    /** @type {{ name: string, screen: Screen } | null} */
    this.current = null
    this.renders = 0
    if ('scrollRestoration' in history) history.scrollRestoration = 'manual'

    document.addEventListener('click', (event) => this.onClick(event))
    document.addEventListener(NAVIGATE, (event) => this.onNavigate(/** @type {CustomEvent} */ (event)))
    /** The path and query of the screen shown (or being shown). */
    this.shownAt = ''
    window.addEventListener('popstate', () => {
      // Following a link within the page (the skip link, say) changes only the URL's
      // fragment: the screen stays, and so does focus (a render would move it to the heading).
      if (window.location.pathname + window.location.search === this.shownAt) return
      this.render('top', history.state?.scrollY ?? 0)
    })
    this.render('none', null)
  }

  /**
   * Follow links to this site's screens without reloading the page. A link may say where
   * focus goes next with data-focus (top, keep or results).
   * @param {MouseEvent} event
   */
  onClick (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    const $link = /** @type {Element} */ (event.target).closest('a[href]')
    if (!($link instanceof HTMLAnchorElement) || $link.target || $link.hasAttribute('download') || $link.hreflang) return
    const url = new URL($link.href)
    if (url.origin !== window.location.origin || !routeFor(withoutLanguage(url.pathname))) return
    if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash) return
    event.preventDefault()
    const focus = /** @type {ShowContext['focus']} */ ($link.dataset.focus ?? 'top')
    this.go(url.pathname + url.search, { focus })
  }

  /** @param {CustomEvent} event */
  onNavigate (event) {
    const { url, replace, focus } = event.detail
    this.go(url, { replace, focus: focus ?? 'top' })
  }

  /**
   * @param {string} url
   * @param {{ replace?: boolean, focus?: ShowContext['focus'] }} options
   */
  go (url, { replace = false, focus = 'top' }) {
    // Remember where the reader was on the page they leave, for Back.
    history.replaceState({ ...history.state, scrollY: window.scrollY }, '')
    url = localPath(url)
    if (replace) {
      history.replaceState({ scrollY: 0 }, '', url)
    } else {
      history.pushState({ scrollY: 0 }, '', url)
    }
    this.render(focus, focus === 'keep' ? null : 0)
  }

  /**
   * Show the screen for the current URL.
   * @param {ShowContext['focus']} focus
   * @param {number | null} scrollY - where to scroll once shown (null: stay)
   */
  async render (focus, scrollY) {
    const render = ++this.renders
    const $focused = document.activeElement
    const url = new URL(window.location.href)
    this.shownAt = url.pathname + url.search
    this.markLanguages(url)
    url.pathname = withoutLanguage(url.pathname) // what the screens see: the same in either language
    const route = routeFor(url.pathname)
    const name = route?.name ?? 'not-found'
    const update = this.current?.name === name
    if (!update) {
      this.current?.screen.leave?.()
      this.$main.replaceChildren()
      const ScreenClass = route?.Screen ?? NotFoundScreen
      this.current = { name, screen: new ScreenClass(this.$main) }
    }
    this.markNavigation(route?.nav ?? null)
    await /** @type {{ screen: Screen }} */ (this.current).screen.show(url, { update, focus })
    if (render !== this.renders) return // a newer navigation has taken over
    // Someone who has moved into the page while it loaded (to type a search, say) keeps focus.
    const moved = document.activeElement !== $focused && this.$main.contains(document.activeElement)
    if (focus === 'top' && !moved) this.focusHeading()
    if (scrollY !== null) window.scrollTo(0, scrollY)
  }

  focusHeading () {
    const $heading = this.$main.querySelector('h1')
    const $target = $heading ?? this.$main
    if (!$target.hasAttribute('tabindex')) $target.setAttribute('tabindex', '-1')
    if ($target instanceof HTMLElement) $target.focus({ preventScroll: true })
  }

  /**
   * Point the language switch and the alternate links at this screen in the other language
   * (the server made them for the address the page was loaded at).
   * @param {URL} url
   */
  markLanguages (url) {
    for (const $link of document.querySelectorAll('a[data-link]')) {
      // The header's links, written for the English pages, lead to this language's pages.
      $link.setAttribute('href', localPath($link.getAttribute('href') ?? '/'))
    }
    if (this.renders === 1) return // as the server made them (an entry's Welsh slug, say)
    const path = withoutLanguage(url.pathname)
    for (const $link of document.querySelectorAll('link[rel="alternate"][hreflang]')) {
      const language = $link.getAttribute('hreflang') ?? ''
      if (!/^(en|cy)-GB$|^x-default$/.test(language)) continue
      $link.setAttribute('href', new URL(localPath(path, language.startsWith('cy') ? 'cy' : 'en') + url.search, url).href)
    }
    for (const $switch of document.querySelectorAll('a[data-language-switch]')) {
      const query = new URLSearchParams(url.search)
      query.set('lang', $switch.getAttribute('hreflang') ?? 'en')
      $switch.setAttribute('href', `${path}?${query}`)
    }
  }

  /** @param {string | null} nav */
  markNavigation (nav) {
    for (const $link of document.querySelectorAll('[data-nav]')) {
      if ($link.getAttribute('data-nav') === nav) {
        $link.setAttribute('aria-current', 'page')
      } else {
        $link.removeAttribute('aria-current')
      }
    }
  }
}

defineModule('ckb-app', App)
