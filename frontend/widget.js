/*
 * Co-production Knowledge Base: a list of entries for any website.
 *
 *   <script src="https://KNOWLEDGE-BASE/widget.js" async></script>
 *   <div data-ckb-search="participatory budgeting" data-ckb-kind="projects" data-ckb-limit="5"></div>
 *
 * Options (all optional but data-ckb-search, which may be empty for the newest entries):
 *   data-ckb-kind     resources, projects, networks or toolkit-sections (comma-separated)
 *   data-ckb-keyword  only entries with this keyword
 *   data-ckb-limit    how many entries, 1 to 20 (5 if not given)
 *   data-ckb-sort     relevance, newest or title
 *   data-ckb-title    a line of text above the list
 *   data-ckb-lang     cy or en: the language of the list (else the host page's lang)
 *
 * Or the entries related to one entry (the editors' links first, then those near in meaning or
 * sharing its keywords), with data-ckb-limit and data-ckb-title as above:
 *
 *   <div data-ckb-related="projects/homeless-filmmakers-at-st-mungo-s"></div>
 *
 * The list lives in a Shadow DOM with its own styles, so neither site's CSS changes the other.
 * It asks the knowledge base's API (on the origin this script came from) for the entries, and
 * links back to them. Text is put in with textContent only. A classic script (not a module),
 * so that document.currentScript tells it where it came from.
 */
(function () {
  'use strict'

  var script = document.currentScript
  if (!script || !script.src) return
  // The site's root is the folder widget.js is in (the site may live under a path).
  var base = new URL('.', script.src).href
  /** @type {Record<string, Promise<Record<string, string>>>} each language's messages, asked once */
  var catalogues = {}

  /** The list's language: its own data-ckb-lang, else the language of the page around it. @param {HTMLElement} host */
  function languageOf (host) {
    var asked = host.getAttribute('data-ckb-lang')
    var around = host.closest('[lang]')
    var tag = (asked || (around && around.getAttribute('lang')) || 'en').toLowerCase()
    return tag.indexOf('cy') === 0 ? 'cy' : 'en'
  }

  /** What the knowledge base says in a language (GET /api/v1/messages/{language}). @param {string} language */
  function loadMessages (language) {
    if (language === 'en') return Promise.resolve({})
    if (!catalogues[language]) {
      catalogues[language] = fetch(base + 'api/v1/messages/' + language, { credentials: 'omit', headers: { Accept: 'application/json' } })
        .then(function (response) { return response.ok ? response.json() : { messages: {} } })
        .then(function (body) { return body.messages || {} })
        .catch(function () { return {} })
    }
    return catalogues[language]
  }
  var STYLES = [
    ':host { all: initial; display: block; contain: content; }',
    '.ckb { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c; background: #fff; border-top: 4px solid #1d70b8; padding: 12px 0 4px; }',
    '.ckb__title { margin: 0 0 8px; font-size: 19px; font-weight: 700; }',
    '.ckb__list { margin: 0; padding: 0; list-style: none; }',
    '.ckb__item { margin: 0; padding: 10px 0; border-bottom: 1px solid #b1b4b6; }',
    '.ckb__link { color: #1d70b8; font-weight: 700; text-decoration: underline; text-underline-offset: 0.15em; }',
    '.ckb__link:visited { color: #4c2c92; }',
    '.ckb__link:hover { color: #003078; text-decoration-thickness: 3px; }',
    'a:focus { outline: 3px solid transparent; color: #0b0c0c; background: #ffdd00; box-shadow: 0 -2px #ffdd00, 0 4px #0b0c0c; text-decoration: none; }',
    '.ckb__kind { display: block; color: #505a5f; font-size: 14px; }',
    '.ckb__summary { margin: 4px 0 0; }',
    '.ckb__status { margin: 0 0 8px; color: #505a5f; }',
    '.ckb__more { margin: 10px 0 0; font-size: 14px; }',
    '.ckb__more a { color: #1d70b8; }'
  ].join('\n')

  /** @param {string} tag @param {string} [className] @param {string} [text] */
  function el (tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  /** @param {string} text @param {number} limit */
  function shorten (text, limit) {
    text = String(text || '').replace(/\s+/g, ' ').trim()
    if (text.length <= limit) return text
    var cut = text.lastIndexOf(' ', limit)
    return text.slice(0, cut > limit / 2 ? cut : limit) + '…'
  }

  /** @param {ShadowRoot} root */
  function addStyles (root) {
    try {
      var sheet = new CSSStyleSheet()
      sheet.replaceSync(STYLES)
      root.adoptedStyleSheets = [sheet] // not subject to the host page's style-src
    } catch (error) {
      root.appendChild(el('style', '', STYLES))
    }
  }

  /** @param {HTMLElement} host */
  function options (host) {
    var limit = parseInt(host.getAttribute('data-ckb-limit') || '5', 10)
    return {
      q: host.getAttribute('data-ckb-search') || '',
      kind: host.getAttribute('data-ckb-kind') || '',
      keyword: host.getAttribute('data-ckb-keyword') || '',
      sort: host.getAttribute('data-ckb-sort') || '',
      title: host.getAttribute('data-ckb-title') || '',
      related: host.getAttribute('data-ckb-related') || '',
      limit: Math.min(20, Math.max(1, isNaN(limit) ? 5 : limit))
    }
  }

  var KIND_NAMES = ['resources', 'projects', 'networks', 'toolkit-sections']

  /**
   * "kind/slug" of data-ckb-related, as an address path, or null when it names no kind.
   * @param {string} value
   */
  function relatedRef (value) {
    var parts = String(value || '').trim().replace(/^\/+|\/+$/g, '').split('/')
    if (parts.length !== 2 || KIND_NAMES.indexOf(parts[0]) < 0 || !parts[1]) return null
    return { path: encodeURIComponent(parts[0]) + '/' + encodeURIComponent(parts[1]) }
  }

  /** @param {Record<string, string | number>} params */
  function query (params) {
    var search = new URLSearchParams()
    Object.keys(params).forEach(function (name) {
      if (params[name] !== '' && params[name] !== null && params[name] !== undefined) search.append(name, String(params[name]))
    })
    return search.toString()
  }

  /** @param {HTMLElement} host */
  function render (host) {
    var language = languageOf(host)
    loadMessages(language).then(function (messages) { draw(host, language, messages) })
  }

  /**
   * @param {HTMLElement} host
   * @param {string} language
   * @param {Record<string, string>} messages
   */
  function draw (host, language, messages) {
    /** @param {string} message */
    function t (message) { return messages[message] || message }
    var KINDS = { resources: t('Resource'), projects: t('Project'), networks: t('Network'), 'toolkit-sections': t('Toolkit section') }
    var REASONS = { related: t('Linked by our editors'), keywords: t('Shares keywords'), meaning: t('Related by meaning') }
    // The Welsh pages are the same paths under cy/.
    var site = language === 'cy' ? base + 'cy/' : base
    var root = host.shadowRoot || host.attachShadow({ mode: 'open' })
    if (!(root.adoptedStyleSheets && root.adoptedStyleSheets.length) && !root.querySelector('style')) addStyles(root)
    var opts = options(host)
    var section = el('section', 'ckb')
    section.setAttribute('lang', language === 'cy' ? 'cy-GB' : 'en-GB')
    var related = relatedRef(opts.related)
    section.setAttribute('aria-label', related
      ? t('Related entries from the Co-production Knowledge Base')
      : t('From the Co-production Knowledge Base') + (opts.q ? ': ' + opts.q : ''))
    if (opts.title) section.appendChild(el('p', 'ckb__title', opts.title))
    var status = el('p', 'ckb__status', t('Loading entries…'))
    status.setAttribute('role', 'status')
    section.appendChild(status)
    Array.prototype.slice.call(root.childNodes).forEach(function (node) {
      if (node.nodeName !== 'STYLE') root.removeChild(node)
    })
    root.appendChild(section)

    var searchParams = { q: opts.q, kind: opts.kind, keyword: opts.keyword, sort: opts.sort, per_page: opts.limit }
    var more = el('p', 'ckb__more')
    var moreLink = el('a', '', related ? t('See this entry in the Co-production Knowledge Base') : t('More from the Co-production Knowledge Base'))
    moreLink.href = related
      ? site + related.path
      : site + 'search?' + query({ q: opts.q, kind: opts.kind, keyword: opts.keyword })
    more.appendChild(moreLink)
    var address = related
      ? base + 'api/v1/' + related.path + '/related?' + query({ limit: opts.limit })
      : base + 'api/v1/search?' + query(searchParams)

    // The entries' text in the list's language where they have it.
    fetch(address, { credentials: 'omit', headers: { Accept: 'application/json', 'Accept-Language': language } })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status)
        return response.json()
      })
      .then(function (page) {
        if (!page.items.length) {
          status.textContent = t('No entries found.')
        } else {
          section.removeChild(status)
          var list = el('ul', 'ckb__list')
          page.items.forEach(function (item) {
            var li = el('li', 'ckb__item')
            var link = el('a', 'ckb__link', item.title)
            link.href = site + encodeURIComponent(item.kind) + '/' + encodeURIComponent(item.slug)
            li.appendChild(link)
            li.appendChild(el('span', 'ckb__kind', (KINDS[item.kind] || item.kind) + (related ? ' · ' + (REASONS[item.reason] || REASONS.meaning) : '')))
            if (item.summary) li.appendChild(el('p', 'ckb__summary', shorten(item.summary, 160)))
            list.appendChild(li)
          })
          section.appendChild(list)
        }
        section.appendChild(more)
      })
      .catch(function () {
        status.textContent = t('The entries could not be loaded just now.')
        section.appendChild(more)
      })
  }

  var seen = typeof WeakSet === 'function' ? new WeakSet() : null

  function scan () {
    var hosts = document.querySelectorAll('[data-ckb-search], [data-ckb-related]')
    for (var i = 0; i < hosts.length; i++) {
      var host = /** @type {HTMLElement} */ (hosts[i])
      if (seen && seen.has(host)) continue
      if (seen) seen.add(host)
      try {
        render(host)
        watch(host)
      } catch (error) {
        // An element that cannot hold a shadow root (use a <div>): leave it as it is.
      }
    }
  }

  /** Draw the list again when the page changes its options. @param {HTMLElement} host */
  function watch (host) {
    if (typeof MutationObserver !== 'function') return
    new MutationObserver(function () { render(host) }).observe(host, {
      attributes: true,
      attributeFilter: ['data-ckb-search', 'data-ckb-related', 'data-ckb-kind', 'data-ckb-keyword', 'data-ckb-limit', 'data-ckb-sort', 'data-ckb-title', 'data-ckb-lang']
    })
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', scan)
  } else {
    scan()
  }
  // Pages that add the element later (single-page sites) get their list too.
  if (typeof MutationObserver === 'function') {
    new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true })
  }
})()
