/**
 * An entry's page (/{kind}/{slug}): everything it says, and ways to share it, cite it and put
 * it on another site.
 */

import { ApiError, apiBase, getJson, isAbort } from '../api.js'
import { fill, h } from '../dom.js'
import { localPath, t, tf } from '../i18n.js'
import { facts, sections } from '../entry-details.js'
import { entryPath, kindLabel, pageTitle, typeLabel } from '../labels.js'
import { initAll } from '../modules.js'
import { siteMeta } from '../site.js'
import { bibtex, citation, ris } from './entry/cite.js'
import { relatedSection } from '../components/related-box.js'
import { showNotFound } from './not-found.js'
import { LAST_SEARCH_KEY } from './search.js'

/** @typedef {Record<string, any>} Entry */

/** What was not found, for "We could not find …" (whole phrases: Welsh words them by kind). */
/** @type {Record<string, string>} */
const NOT_FOUND = {
  resources: t('the resource you asked for'),
  projects: t('the project you asked for'),
  networks: t('the network you asked for'),
  'toolkit-sections': t('the toolkit section you asked for')
}

export class EntryScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    /** @type {string[]} object URLs of the downloads, released when the page is left */
    this.objectUrls = []
    /** @type {AbortController | null} */
    this.request = null
  }

  leave () {
    this.request?.abort()
    this.releaseDownloads()
  }

  releaseDownloads () {
    for (const url of this.objectUrls) URL.revokeObjectURL(url)
    this.objectUrls = []
  }

  /** @param {URL} url */
  async show (url) {
    const [, kind, slug] = url.pathname.split('/')
    this.request?.abort()
    this.request = new AbortController()
    fill(this.$main, h('p', { role: 'status' }, t('Loading…')))
    let entry
    try {
      entry = await getJson(`/api/v1/${kind}/${slug}`, { signal: this.request.signal })
    } catch (error) {
      if (isAbort(error)) return
      if (error instanceof ApiError && error.status === 404) {
        showNotFound(this.$main, NOT_FOUND[kind] ?? t('the page you asked for'))
      } else {
        document.title = pageTitle(t('Sorry, there is a problem'))
        fill(this.$main, h('h1', {}, t('Sorry, there is a problem')), h('p', {}, t('We could not load this page. Please try again later.')))
      }
      return
    }
    const meta = await siteMeta()
    this.releaseDownloads()
    this.render(entry, meta.licence)
  }

  /**
   * @param {Entry} entry
   * @param {{ name: string, url: string }} licence
   */
  render (entry, licence) {
    document.title = pageTitle(`${entry.title} – ${kindLabel(entry.kind)}`)
    // The page in the language it is read in (Welsh pages are under /cy/).
    const permalink = `${window.location.origin}${localPath(entryPath(entry.kind, entry.slug))}`
    let lastSearch = null
    try {
      lastSearch = sessionStorage.getItem(LAST_SEARCH_KEY)
    } catch {
      lastSearch = null
    }
    const type = typeLabel(entry.type ?? entry.project_type ?? entry.network_type)
    fill(this.$main, 
      lastSearch
        ? h('a', { class: 'back-link', href: lastSearch }, t('Back to search results'))
        : h('a', { class: 'back-link', href: '/search' }, t('Search the knowledge base')),
      h('span', { class: 'caption' }, type ? `${kindLabel(entry.kind)} · ${type}` : kindLabel(entry.kind)),
      h('h1', {}, entry.title),
      entry.summary ? h('p', { class: 'lead' }, entry.summary) : null,
      h('div', { class: 'columns columns--reverse' },
        h('div', {},
          facts(entry),
          entry.kind === 'toolkit-sections'
            ? h('p', {}, h('a', { href: `/toolkit/${encodeURIComponent(entry.slug)}` }, t('Read this section in the toolkit')))
            : null,
          sections(entry),
          relatedSection(entry)),
        this.aside(entry, permalink, licence))
    )
    initAll(this.$main)
  }

  /**
   * @param {Entry} entry
   * @param {string} permalink
   * @param {{ name: string, url: string }} licence
   */
  aside (entry, permalink, licence) {
    const today = new Date()
    // The card is served by the API's site, which may not be this one.
    const embedCode = `<iframe src="${apiBase || window.location.origin}/embed/${entry.kind}/${encodeURIComponent(entry.slug)}" width="480" height="240" title="${entry.title.replace(/[<>"&]/g, '')}" loading="lazy" style="max-width: 100%; border: 0;"></iframe>`
    return h('aside', { class: 'entry-aside', 'aria-labelledby': 'share-heading' },
      h('h2', { id: 'share-heading' }, t('Share this page')),
      h('div', { class: 'copy-field' },
        h('label', { class: 'label', for: 'permalink' }, t('Link to this page')),
        h('input', { class: 'input', id: 'permalink', type: 'text', readonly: true, value: permalink, spellcheck: 'false' }),
        h('button', { type: 'button', class: 'button button--secondary button--small', 'data-module': 'ckb-copy', 'data-copy-target': 'permalink', 'data-copied-message': t('Link copied.') }, t('Copy link'))),
      h('button', { type: 'button', class: 'button button--small', 'data-module': 'ckb-share', 'data-share-title': entry.title, 'data-share-url': permalink }, t('Share')),

      h('h2', {}, t('Cite this page')),
      h('p', { id: 'citation', class: 'small' }, citation(entry, permalink, today)),
      h('button', { type: 'button', class: 'button button--secondary button--small', 'data-module': 'ckb-copy', 'data-copy-target': 'citation', 'data-copied-message': t('Reference copied.') }, t('Copy reference')),
      this.format('BibTeX', 'BibTeX', 'bibtex', bibtex(entry, permalink, today), `${entry.slug}.bib`, 'application/x-bibtex'),
      this.format('RIS', t('RIS (for EndNote, Zotero and Mendeley)'), 'ris', ris(entry, permalink, today), `${entry.slug}.ris`, 'application/x-research-info-systems'),

      h('h2', {}, t('Put it on your website')),
      h('details', { class: 'disclosure' },
        h('summary', {}, t('Show the code')),
        h('div', { class: 'disclosure__body' },
          h('p', { class: 'small' }, t('Copy this code into your web page to show a card that links here. Many website builders, like WordPress, also make a card when you paste the link to this page.')),
          h('pre', { id: 'embed-code' }, embedCode),
          h('button', { type: 'button', class: 'button button--secondary button--small', 'data-module': 'ckb-copy', 'data-copy-target': 'embed-code' }, t('Copy code')))),

      h('h2', {}, t('Reusing this')),
      h('p', { class: 'small' }, ...tf('You can reuse this under the {licence} licence. Please say it came from the Co-production Knowledge Base.', {
        licence: h('a', { href: licence.url, rel: 'license' }, licence.name)
      }))
    )
  }

  /**
   * A citation format, shown to copy and offered as a file.
   * @param {string} format - its short name, "BibTeX"
   * @param {string} name - what it is called, in words
   * @param {string} id
   * @param {string} text
   * @param {string} filename
   * @param {string} type
   */
  format (format, name, id, text, filename, type) {
    const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }))
    this.objectUrls.push(url)
    return h('details', { class: 'disclosure' },
      h('summary', {}, name),
      h('div', { class: 'disclosure__body' },
        h('pre', { id }, text),
        h('div', { class: 'button-group' },
          h('button', { type: 'button', class: 'button button--secondary button--small', 'data-module': 'ckb-copy', 'data-copy-target': id }, t('Copy {format}', { format })),
          h('a', { href: url, download: filename }, t('Download the {format} file', { format })))))
  }
}
