/**
 * What an entry says, as page sections: its facts as a summary list, its description, and
 * per kind the people, organisations, publications, keywords, links and related entries.
 * Used by entry pages and by the editors' review queue.
 */

import { externalLink, h } from './dom.js'
import { dateText, entryPath, kindLabel, typeLabel, yearsText } from './labels.js'
import { safeFragment } from './safe-html.js'
import { t } from './i18n.js'

/** @typedef {Record<string, any>} Entry */

/**
 * Paragraphs of plain text (blank lines separate them).
 * @param {string | null | undefined} text
 */
export function paragraphs (text) {
  return String(text ?? '')
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => h('p', {}, part))
}

/**
 * @param {Array<[string, Node | string | null | undefined | false]>} rows
 */
function summaryList (rows) {
  const present = rows.filter(([, value]) => value !== null && value !== undefined && value !== false && value !== '')
  if (!present.length) return null
  return h('dl', { class: 'summary-list' },
    present.map(([label, value]) => h('div', { class: 'summary-list__row' }, h('dt', {}, label), h('dd', {}, value))))
}

/** @param {string[]} items */
function joined (items) {
  return items && items.length ? items.join(', ') : null
}

/**
 * The facts of an entry, by kind.
 * @param {Entry} entry
 */
export function facts (entry) {
  /** @type {Array<[string, Node | string | null | undefined]>} */
  let rows = []
  if (entry.kind === 'resources') {
    rows = [
      [t('Type'), typeLabel(entry.type)],
      [t('Written by'), joined(entry.authors)],
      [t('Published by'), entry.publisher],
      [t('Year'), entry.year ? String(entry.year) : null],
      [t('Topic'), entry.category],
      [t('Place'), entry.place],
      [t('Where to find it'), entry.url ? externalLink(entry.url) : null]
    ]
  } else if (entry.kind === 'projects') {
    rows = [
      [t('Type'), typeLabel(entry.project_type)],
      [t('When'), yearsText(entry.start_year, entry.end_year)],
      [t('Place'), entry.place],
      [t('Nation or region'), entry.region]
    ]
  } else if (entry.kind === 'networks') {
    rows = [
      [t('Type'), typeLabel(entry.network_type)],
      [t('Hosted by'), entry.organisation],
      [t('Nation or region'), entry.region],
      [t('Website'), entry.url ? externalLink(entry.url) : null]
    ]
  }
  rows.push([t('Added by'), entry.owner?.name], [t('Last updated'), dateText(entry.updated_at)])
  return summaryList(rows)
}

/**
 * @param {string} title
 * @param {Array<Node | null> | Node | null} content
 * @param {string} [level]
 */
function section (title, content, level = 'h2') {
  const nodes = (Array.isArray(content) ? content : [content]).filter(Boolean)
  if (!nodes.length) return null
  return h('section', {}, h(/** @type {'h2'} */ (level), {}, title), nodes)
}

/**
 * Every section of an entry after its facts.
 * @param {Entry} entry
 * @param {{ level?: string }} [options] - heading level of the sections (h2 on entry pages)
 */
export function sections (entry, options = {}) {
  const level = options.level ?? 'h2'
  const about = entry.body_html ? h('div', { class: 'prose' }, safeFragment(entry.body_html)) : null
  const out = [section(t('Description'), about, level)]
  if (entry.kind === 'projects') {
    out.push(
      section(t('What changed'), entry.outcomes ? h('div', { class: 'prose' }, paragraphs(entry.outcomes)) : null, level),
      section(t('Who took part'), entry.contributors?.length
        ? h('ul', { class: 'list-bullet' },
          entry.contributors.map((/** @type {Entry} */ c) =>
            h('li', {}, h('strong', {}, c.name), [c.role, c.organisation].filter(Boolean).length ? `, ${[c.role, c.organisation].filter(Boolean).join(', ')}` : '')))
        : null, level),
      section(t('Organisations involved'), entry.organisations?.length
        ? h('ul', { class: 'list-bullet' }, entry.organisations.map((/** @type {string} */ o) => h('li', {}, o)))
        : null, level),
      section(t('Reports and articles'), entry.publications?.length
        ? h('ul', { class: 'list-bullet' },
          entry.publications.map((/** @type {Entry} */ p) =>
            h('li', {}, p.url ? externalLink(p.url, p.title) : p.title, p.year ? ` (${p.year})` : '')))
        : null, level),
      section(t('Who paid for it'), entry.funding ? h('div', { class: 'prose' }, paragraphs(entry.funding)) : null, level)
    )
  }
  out.push(
    section(t('Keywords'), entry.keywords?.length
      ? h('ul', { class: 'tags' },
        entry.keywords.map((/** @type {string} */ k) =>
          h('li', {}, h('a', { class: 'tag', href: `/search?${new URLSearchParams({ keyword: k })}` }, k))))
      : null, level),
    section(t('Links'), entry.links?.length
      ? h('ul', { class: 'list-bullet' },
        entry.links.map((/** @type {Entry} */ l) => h('li', {}, externalLink(l.url, l.label || l.url))))
      : null, level),
    section(t('Related entries'), entry.related?.length
      ? h('ul', { class: 'list-bullet' },
        entry.related.map((/** @type {Entry} */ r) =>
          h('li', {}, h('a', { href: entryPath(r.kind, r.slug) }, r.title), h('span', { class: 'meta' }, ` – ${kindLabel(r.kind)}`))))
      : null, level)
  )
  return out.filter(Boolean)
}
