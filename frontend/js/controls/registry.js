/**
 * Control types by the `type` of a field description, as modules.js keeps components by their
 * data-module name: each control module defines its type here (index.js imports them all), and
 * createControl makes the control a field describes.
 */

/** @typedef {import('./base.js').Control} Control */
/** @typedef {import('./base.js').Field} Field */
/** @typedef {new (field: Field, id: string) => Control} ControlType */

/** @type {Map<string, ControlType>} */
const types = new Map()

/**
 * @param {string} type - the value of a field's `type`, such as `year`
 * @param {ControlType} Type
 */
export function defineControl (type, Type) {
  types.set(type, Type)
}

/**
 * @param {Field} field
 * @param {string} id - the id of its input (or of its first input)
 * @returns {Control}
 */
export function createControl (field, id) {
  const Type = types.get(field.type)
  if (!Type) throw new Error(`There is no control of type ${field.type}`)
  return new Type(field, id)
}
