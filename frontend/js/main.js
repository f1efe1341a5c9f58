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
initAll(document)
