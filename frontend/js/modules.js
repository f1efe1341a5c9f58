/**
 * Components are started from `data-module` attributes, as in GOV.UK Frontend: each component
 * module defines itself here, and initAll starts every one found in a part of the page once.
 */

/** @typedef {new ($root: HTMLElement) => object} Component */

/** @type {Map<string, Component>} */
const registry = new Map()
/** @type {WeakSet<Element>} */
const started = new WeakSet()

/**
 * @param {string} name - the value of data-module, such as `ckb-copy`
 * @param {Component} component
 */
export function defineModule (name, component) {
  registry.set(name, component)
}

/**
 * Start the components in $scope (itself included) that are not started yet.
 * @param {Element | Document} [$scope]
 */
export function initAll ($scope = document) {
  const $elements = Array.from($scope.querySelectorAll('[data-module]'))
  if ($scope instanceof Element && $scope.hasAttribute('data-module')) $elements.unshift($scope)
  for (const $element of $elements) {
    const Component = registry.get($element.getAttribute('data-module') ?? '')
    if (!Component || started.has($element) || !($element instanceof HTMLElement)) continue
    started.add($element)
    try {
      // eslint-disable-next-line no-new
      new Component($element)
    } catch (error) {
      console.error(`${$element.getAttribute('data-module')} did not start`, error)
    }
  }
}
