/** Objects whose attributes templates may read (namespace(), loop, cycler, datetime...). */
export const ATTRS = Symbol.for('tsible.py-attrs')
export interface HasAttrs {
  [ATTRS]: true
  getAttr(name: string): unknown
}
