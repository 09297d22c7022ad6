// Template number literals as Go's parse.newNumber reads them, over a port of the strconv syntax it
// relies on (ParseInt/ParseUint with base 0, ParseFloat, underscores). Knows nothing of nodes.

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

const MAX_U64 = (1n << 64n) - 1n
const MIN_I64 = -(1n << 63n)
const MAX_I64 = (1n << 63n) - 1n

/** strconv's underscoreOK: underscores only between digits, or between a base prefix and a digit. */
function underscoreOK(s: string): boolean {
  let saw = '^'
  let i = 0
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1)
  let hex = false
  if (s.length >= 2 && s[0] === '0' && 'bBoOxX'.includes(s[1])) {
    i = 2
    saw = '0'
    hex = s[1] === 'x' || s[1] === 'X'
  }
  for (; i < s.length; i++) {
    const c = s[i]
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0'
      continue
    }
    if (c === '_') {
      if (saw !== '0') return false
      saw = '_'
      continue
    }
    if (saw === '_') return false
    saw = '!'
  }
  return saw !== '_'
}

function digitValue(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48
  const l = c.toLowerCase()
  if (l >= 'a' && l <= 'z') return l.charCodeAt(0) - 87
  return 99
}

/** strconv.ParseUint(s, 0, 64); undefined on any error. */
export function parseUint(s: string): bigint | undefined {
  if (s === '') return undefined
  const s0 = s
  let base = 10
  if (s[0] === '0') {
    if (s.length >= 3 && (s[1] === 'b' || s[1] === 'B')) [base, s] = [2, s.slice(2)]
    else if (s.length >= 3 && (s[1] === 'o' || s[1] === 'O')) [base, s] = [8, s.slice(2)]
    else if (s.length >= 3 && (s[1] === 'x' || s[1] === 'X')) [base, s] = [16, s.slice(2)]
    else [base, s] = [8, s.slice(1)]
  }
  let n = 0n
  let underscores = false
  for (const c of s) {
    if (c === '_') {
      underscores = true
      continue
    }
    const d = digitValue(c)
    if (d >= base) return undefined
    n = n * BigInt(base) + BigInt(d)
  }
  if (underscores && !underscoreOK(s0)) return undefined
  return n <= MAX_U64 ? n : undefined
}

/** strconv.ParseInt(s, 0, 64); undefined on any error. */
export function parseInt64(s: string): bigint | undefined {
  if (s === '') return undefined
  let neg = false
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-'
    s = s.slice(1)
  }
  const u = parseUint(s)
  if (u === undefined) return undefined
  const v = neg ? -u : u
  return v >= MIN_I64 && v <= MAX_I64 ? v : undefined
}

/** strconv.ParseFloat(s, 64) for Go number syntax (decimal, hex with a p exponent); undefined on error or overflow. */
export function parseFloat64(s: string): number | undefined {
  if (!underscoreOK(s) && s.includes('_')) return undefined
  const clean = s.replace(/_/g, '')
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/.exec(clean)
  let f: number
  if (hex) {
    const [, sign, whole, frac = '', exp] = hex
    if (whole === '' && frac === '') return undefined
    // Exact: the mantissa is an integer scaled by a power of two, rounded once by Number().
    const mant = BigInt('0x' + (whole + frac || '0'))
    const e = Number(exp) - 4 * frac.length
    f = scaleBinary(mant, e)
    if (sign === '-') f = -f
  } else if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(clean)) {
    f = Number(clean)
  } else return undefined
  return Number.isFinite(f) ? f : undefined
}

function scaleBinary(mant: bigint, e: number): number {
  // mant·2^e written out as an exact decimal, so Number() rounds it once, correctly.
  if (e >= 0) return Number((mant << BigInt(e)).toString())
  const digits = (mant * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0')
  return Number(`${digits.slice(0, digits.length + e)}.${digits.slice(digits.length + e)}`)
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
