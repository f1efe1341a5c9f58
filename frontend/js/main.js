/**
 * The one script the page loads: it imports every component (each defines itself by its
 * data-module name) and starts those in the page.
 */

import { initAll } from './modules.js'
import './components/copy-button.js'
import './components/share-button.js'
import './components/suggest-box.js'
import './components/tree.js'
import './components/licence-footer.js'
import './components/error-summary.js'
import './components/related-box.js'
import './router.js'

document.documentElement.classList.add('js')
// The server has drawn the first view already (app/templates/): let it be painted before the
// screens are drawn again here, so that the first paint never waits for this script's work.
// (A hidden tab runs no animation frames: the timer starts it there. initAll starts once.)
const start = () => initAll(document)
requestAnimationFrame(() => setTimeout(start, 0))
setTimeout(start, 200)
