/** The `random_choice` lookup: one of the terms, at random (none given: the empty list). */
import { type LookupFn } from '../../src/plugin-kit.js'

const randomChoice: LookupFn = (terms) => (terms.length ? [terms[Math.floor(Math.random() * terms.length)]] : terms)

export const randomChoiceLookups: Record<string, LookupFn> = { random_choice: randomChoice }
