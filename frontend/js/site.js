/** The site's name and content licence, from GET /api/v1/meta (asked once per page load). */

import { getJson } from './api.js'

/**
 * @typedef {object} SiteMeta
 * @property {string} name
 * @property {string} description
 * @property {{ name: string, url: string }} licence
 * @property {Record<string, string>} feeds
 * @property {string} docs
 */

/** @type {Promise<SiteMeta> | null} */
let meta = null

/** @returns {Promise<SiteMeta>} */
export function siteMeta () {
  meta ??= getJson('/api/v1/meta').catch(() => ({
    name: 'Co-production Knowledge Base',
    description: '',
    licence: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
    feeds: {},
    docs: '/api/docs'
  }))
  return meta
}
