/**
 * "You may also find useful" (data-module="ckb-related" on a <section>, with
 * data-related="kind/slug"): the entries GET /api/v1/{kind}/{slug}/related gives, each with
 * why it is here, but those the page already lists as its related entries
 * (data-related-shown: how many, asked for beyond the five shown, and their kind/id, one per
 * line). The section goes away when there is nothing to show, or the answer does not come.
 */

import { getJson } from '../api.js'
import { fill, h, uid } from '../dom.js'
import { t } from '../i18n.js'
import { entryPath, kindLabel } from '../labels.js'
import { defineModule } from '../modules.js'

export const RELATED_LIMIT = 5

/**
 * Why an entry is related, in words.
 * @param {string} reason - related, keywords or meaning
 */
export function reasonText (reason) {
  if (reason === 'related') return t('Linked by our editors')
  if (reason === 'keywords') return t('Shares keywords with this page')
  return t('Related by meaning')
}

/**
 * How many related entries to ask for, to have five after leaving out those shown already.
 * @param {number} shown
 */
export function relatedLimit (shown) {
  return Math.min(20, RELATED_LIMIT + shown)
}

/**
 * The section an entry page or toolkit section holds (started by initAll).
 * @param {{ kind: string, slug: string, related?: Array<{ kind: string, id: number }> }} entry
 */
export function relatedSection (entry) {
  const headingId = uid('related-heading')
  const shown = (entry.related ?? []).map((r) => `${r.kind}/${r.id}`).join('\n')
  return h('section', {
    class: 'related-box',
    'aria-labelledby': headingId,
    'data-module': 'ckb-related',
    'data-related': `${entry.kind}/${entry.slug}`,
    'data-related-shown': shown
  },
    h('h2', { id: headingId, class: 'heading-m' }, t('You may also find useful')),
    h('p', { class: 'related-box__status', role: 'status' }, t('Looking for related entries…')))
}

export class RelatedBox {
  /** @param {HTMLElement} $root */
  constructor ($root) {
    this.$root = $root
    const [kind, ...rest] = ($root.dataset.related ?? '').split('/')
    const slug = rest.join('/')
    if (!kind || !slug) {
      $root.remove()
      return
    }
    this.shown = new Set(($root.dataset.relatedShown ?? '').split('\n').filter(Boolean))
    this.load(kind, slug)
  }

  /**
   * @param {string} kind
   * @param {string} slug
   */
  async load (kind, slug) {
    let items = []
    try {
      const limit = relatedLimit(this.shown.size)
      const answer = await getJson(`/api/v1/${kind}/${encodeURIComponent(slug)}/related`, { params: { limit } })
      items = answer.items
        .filter((/** @type {{ kind: string, id: number }} */ item) => !this.shown.has(`${item.kind}/${item.id}`))
        .slice(0, RELATED_LIMIT)
    } catch {
      items = []
    }
    if (!items.length) {
      this.$root.remove()
      return
    }
    const $heading = this.$root.querySelector('h2')
    fill(this.$root, $heading,
      h('ul', { class: 'related-box__list' },
        items.map((/** @type {Record<string, string>} */ item) =>
          h('li', { class: 'related-box__item' },
            h('a', { href: entryPath(item.kind, item.slug), class: 'related-box__link' }, item.title),
            h('p', { class: 'related-box__meta' }, kindLabel(item.kind), ' · ', reasonText(item.reason))))))
  }
}

defineModule('ckb-related', RelatedBox)
