/**
 * The API's answers the server put in the page (`<script type="application/json"
 * id="ckb-answer">`: an object of API path and query → answer), so that the first screen is
 * drawn from them at once instead of asking the API again. Each is used once: later visits
 * to the same screen ask the API as usual.
 */

/** @type {Map<string, unknown>} */
const answers = new Map()
const $block = document.getElementById('ckb-answer')
if ($block?.textContent) {
  try {
    for (const [key, value] of Object.entries(JSON.parse($block.textContent))) answers.set(keyOf(key), value)
  } catch {
    // Not readable: the script asks the API instead.
  }
}

/**
 * One key for the same question however it is written: the path decoded
 * (`/api/v1/projects/caf%C3%A9` and `…/café`), the query's parameters in order of name.
 * @param {string} url - a path and query on the API
 */
function keyOf (url) {
  const parsed = new URL(url, window.location.origin)
  let path = parsed.pathname
  try {
    path = decodeURIComponent(path)
  } catch {
    // Not valid percent-encoding: compared as it is.
  }
  const params = new URLSearchParams([...parsed.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const query = params.toString()
  return query ? `${path}?${query}` : path
}

/**
 * The embedded answer for an API address (path and query), taken out so that it is used
 * once; undefined when the page holds none.
 * @param {string} url
 * @returns {unknown}
 */
export function takeAnswer (url) {
  if (!answers.size) return undefined
  const key = keyOf(url)
  const answer = answers.get(key)
  answers.delete(key)
  return answer
}
