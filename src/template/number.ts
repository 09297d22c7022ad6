// Template number literals as Go's parse.newNumber reads them, over Go's strconv (ParseInt and
// ParseUint with base 0, ParseFloat, underscores: ../go/strconv.ts). Knows nothing of nodes.

import { parseFloat64, parseInt64, parseUint } from '../go/strconv.ts'

/** What a literal can be, as parse.NumberNode's Is* flags say (a literal may be several at once). */
export interface NumberValue {
  isInt: boolean // fits an int64
  isUint: boolean // fits a uint64
  isFloat: boolean // representable as a float64
  isComplex: boolean // has an imaginary part (possibly 0)
  int?: bigint
  float?: number
  complex?: { re: number; im: number }
}

function isInt64Float(f: number): boolean {
  return Number.isInteger(f) && f >= -(2 ** 63) && f < 2 ** 63
}

/** strconv.UnquoteChar over a whole char literal ('x'): the rune, or undefined when malformed. */
export type RuneReader = (quoted: string) => number | undefined

/**
 * parse.newNumber: `text` is the lexed literal; `kind` says whether the lexer saw a character
 * constant, a complex constant (1+2i) or a plain number. Throws Error with Go's parse message.
 */
export function readNumber(text: string, kind: 'char' | 'complex' | 'number', readRune: RuneReader): NumberValue {
  const n: NumberValue = { isInt: false, isUint: false, isFloat: false, isComplex: false }
  if (kind === 'char') {
    const r = readRune(text)
    if (r === undefined) throw new Error(`malformed character constant: ${text}`)
    return { isInt: true, isUint: true, isFloat: true, isComplex: false, int: BigInt(r), float: r }
  }
  if (kind === 'complex') {
    const c = scanComplex(text)
    if (!c) throw new Error(`illegal number syntax: ${goQuoteASCII(text)}`)
    n.isComplex = true
    n.complex = c
    simplifyComplex(n)
    return n
  }
  // Imaginary constants: 2i.
  if (text.endsWith('i')) {
    const f = parseFloat64(text.slice(0, -1))
    if (f !== undefined) {
      n.isComplex = true
      n.complex = { re: 0, im: f }
      simplifyComplex(n)
      return n
    }
  }
  const u = parseUint(text)
  if (u !== undefined) n.isUint = true
  const i = parseInt64(text)
  if (i !== undefined) {
    n.isInt = true
    n.int = i
    if (i === 0n) n.isUint = true
  }
  if (n.isInt) {
    n.isFloat = true
    n.float = Number(n.int)
  } else if (n.isUint) {
    n.isFloat = true
    n.float = Number(u)
  } else {
    const f = parseFloat64(text)
    if (f !== undefined) {
      // Parsed as a float but looks like an integer: too large for an int. Go rejects it.
      if (!/[.eEpP]/.test(text)) throw new Error(`integer overflow: ${goQuoteASCII(text)}`)
      n.isFloat = true
      n.float = f
      if (isInt64Float(f)) {
        n.isInt = true
        n.int = BigInt(f)
      }
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) n.isUint = true
    }
  }
  if (!n.isInt && !n.isUint && !n.isFloat) throw new Error(`illegal number syntax: ${goQuoteASCII(text)}`)
  return n
}

function simplifyComplex(n: NumberValue): void {
  const c = n.complex!
  if (c.im === 0) {
    n.isFloat = true
    n.float = c.re
    if (isInt64Float(c.re)) {
      n.isInt = true
      n.int = BigInt(c.re)
    }
  }
}

/** fmt.Sscan into a complex128 for the lexer's complex items (real±imag i, no spaces). */
function scanComplex(text: string): { re: number; im: number } | undefined {
  const m = /^([+-]?[^+-]*(?:[eEpP][+-][^+-]*)?)([+-][^+-]*(?:[eEpP][+-][^+-]*)?)i$/.exec(text)
  if (!m) return undefined
  const re = parseFloat64(m[1])
  const im = parseFloat64(m[2])
  if (re === undefined || im === undefined) return undefined
  return { re, im }
}

// Literal text is ASCII apart from what the lexer allows in identifiers; %q of it is JSON-like.
function goQuoteASCII(s: string): string {
  return JSON.stringify(s)
}
