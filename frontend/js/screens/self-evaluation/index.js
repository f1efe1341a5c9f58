/**
 * The self-evaluation (/self-evaluation and /cy/self-evaluation): one screen for the router,
 * which shows the part of it the path names. The token in the path is the link's secret.
 */

import { ensureLanguage } from './common.js'
import { StartScreen } from './start.js'
import { OverviewScreen } from './overview.js'
import { PrincipleScreen } from './principle.js'
import { CheckScreen } from './check.js'
import { ResultsScreen } from './results.js'
import { TeamScreen } from './team.js'
import { RoundsScreen } from './rounds.js'
import { PrintScreen } from './print.js'

/** @typedef {{ show: (token: string, rest: string[], url: URL) => Promise<void>, leave?: () => void }} Part */
/** @typedef {new ($main: HTMLElement) => Part} PartClass */

/** @type {Record<string, PartClass>} */
const PARTS = {
  '': OverviewScreen,
  principles: PrincipleScreen,
  check: CheckScreen,
  results: ResultsScreen,
  team: TeamScreen,
  rounds: RoundsScreen,
  print: PrintScreen
}

export class SelfEvaluationScreen {
  /** @param {HTMLElement} $main */
  constructor ($main) {
    this.$main = $main
    /** @type {Part | { show: () => Promise<void>, leave?: () => void } | null} */
    this.part = null
    /** The page's language as the shell had it (on the Welsh site it is set to Welsh here). */
    this.shellLanguage = document.documentElement.lang
  }

  /** Leaving for another screen: the page's language is the shell's again. */
  leave () {
    this.part?.leave?.()
    document.documentElement.lang = this.shellLanguage
  }

  /** @param {URL} url */
  async show (url) {
    await ensureLanguage()
    const [token = '', name = '', ...rest] = url.pathname.replace(/^\/cy(?=\/)/, '').split('/').slice(2).map(decodeURIComponent)
    this.part?.leave?.()
    this.$main.replaceChildren()
    if (!token) {
      this.part = new StartScreen(this.$main)
      await this.part.show()
      return
    }
    const Part = PARTS[name] ?? PARTS['']
    this.part = new Part(this.$main)
    await this.part.show(token, rest, url)
  }
}
