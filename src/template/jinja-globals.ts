/**
 * Jinja2's globals beyond range/dict/namespace: `cycler`, `joiner` and `lipsum`, and
 * Ansible's `undef` (an undefined value with a hint: "Mandatory variable has not been
 * overridden" by default).
 */
import { Undefined } from '../py/undefined.js'
import { pyStr, pyTruthy, toNumber } from '../py/values.js'
import { ATTRS, type HasAttrs } from './runtime/attrs.js'
import { pyCallable, type PyCallable } from './runtime/callable.js'
import { markImpure } from './provenance.js'
import { htmlEscape } from './runtime/html-escape.js'

class Cycler implements HasAttrs {
  readonly [ATTRS] = true as const
  private pos = 0
  constructor(private readonly items: unknown[]) {}
  getAttr(name: string): unknown {
    switch (name) {
      case 'current':
        return this.items[this.pos]
      case 'items':
        return this.items
      case 'next':
        return pyCallable('next', () => {
          const v = this.items[this.pos]
          this.pos = (this.pos + 1) % this.items.length
          return v
        })
      case 'reset':
        return pyCallable('reset', () => {
          this.pos = 0
          return null
        })
      default:
        return undefined
    }
  }
}

const WORDS = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ' +
  'enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in ' +
  'reprehenderit voluptate velit esse cillum eu fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa ' +
  'qui officia deserunt mollit anim id est laborum'
).split(' ')

const randrange = (a: number, b: number) => a + Math.floor(Math.random() * (b - a))

/** jinja2.utils.generate_lorem_ipsum's shape: n paragraphs of min..max random words, commas and full stops. */
function lorem(n: number, html: boolean, min: number, max: number): string {
  const paragraphs: string[] = []
  for (let i = 0; i < n; i++) {
    let capital = true
    let lastComma = 0
    let lastStop = 0
    let last: string | undefined
    const words: string[] = []
    for (let idx = 0, len = randrange(min, max); idx < len; idx++) {
      let word: string
      do word = WORDS[Math.floor(Math.random() * WORDS.length)]
      while (word === last)
      last = word
      if (capital) {
        word = word[0].toUpperCase() + word.slice(1)
        capital = false
      }
      if (idx - randrange(3, 8) > lastComma) {
        lastComma = idx
        lastStop += 2
        word += ','
      }
      if (idx - randrange(10, 20) > lastStop) {
        lastComma = lastStop = idx
        word += '.'
        capital = true
      }
      words.push(word)
    }
    let text = words.join(' ')
    if (text.endsWith(',')) text = `${text.slice(0, -1)}.`
    else if (!text.endsWith('.')) text += '.'
    paragraphs.push(text)
  }
  return html ? paragraphs.map((x) => `<p>${htmlEscape(x)}</p>`).join('\n') : paragraphs.join('\n\n')
}

export function jinjaGlobals(): Record<string, PyCallable> {
  return {
    cycler: pyCallable('cycler', (args) => {
      if (!args.length) throw new Error('at least one item has to be provided')
      return new Cycler(args)
    }),
    joiner: pyCallable('joiner', ([sep], kw) => {
      const s = pyStr(sep ?? kw.sep ?? ', ')
      let used = false
      return pyCallable('joiner', () => {
        if (!used) {
          used = true
          return ''
        }
        return s
      })
    }),
    lipsum: pyCallable('lipsum', ([n, html, min, max], kw) => {
      markImpure()
      const num = (v: unknown, d: number) => (v === undefined ? d : toNumber(v))
      return lorem(num(n ?? kw.n, 5), pyTruthy(html ?? kw.html ?? true), num(min ?? kw.min, 20), num(max ?? kw.max, 100))
    }),
    undef: pyCallable('undef', ([hint], kw) => {
      const h = hint ?? kw.hint
      const text = h === undefined || h === null || h instanceof Undefined || h === '' ? 'Mandatory variable has not been overridden' : pyStr(h)
      return new Undefined('', undefined, text)
    }),
  }
}
