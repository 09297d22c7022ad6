// Go's fmt as templates reach it (print, printf, println and printing action results): verbs,
// flags, width and precision, the %!verb(type=value) error texts, and slices and maps as Go prints
// them, over the value model. Number and string conversions are Go's strconv (../go/strconv.ts).
// Output is a Go string (bytes). What it builds is charged to the running execution's budget
// (budget.ts) piece by piece, before the pieces are joined.

import { canBackquote, formatFloat, isPrint, quote as strconvQuote } from '../go/strconv.ts'
import { decodeRune } from '../go/utf8.ts'
import { spendBytes, spendSteps } from './budget.ts'
import { bytesOf, fromBytes, GoBytes, GoComplex, GoFunc, GoObject, GoTypedInt, GoUint8, isGoString, isMap, mapGet, mapKeys, typeName, type GoString, type GoValue } from './value.ts'

const enc = new TextEncoder()

/**
 * Collects output as bytes, so Go strings that are not UTF-8 survive. Unless `charged` is false
 * (the executor's output, capped on its own), each piece is charged to the budget as it comes:
 * the join at the end allocates them all.
 */
export class Buf {
  private parts: (string | Uint8Array)[] = []
  private raw = false
  private readonly charged: boolean
  constructor(charged = true) {
    this.charged = charged
  }
  push(s: GoString): void {
    if (this.charged) spendBytes(typeof s === 'string' ? s.length : s.bytes.length)
    if (typeof s === 'string') this.parts.push(s)
    else {
      this.parts.push(s.bytes)
      this.raw = true
    }
  }
  result(): GoString {
    if (!this.raw) return this.parts.join('')
    return fromBytes(concat(this.parts.map((p) => (typeof p === 'string' ? enc.encode(p) : p))))
  }
}

export function concat(chunks: Uint8Array[]): Uint8Array {
  let n = 0
  for (const c of chunks) n += c.length
  const out = new Uint8Array(n)
  let o = 0
  for (const c of chunks) {
    out.set(c, o)
    o += c.length
  }
  return out
}

// --- strings ---

/** utf8.RuneCount over a Go string. */
function runeCount(s: GoString): number {
  if (typeof s === 'string') {
    let n = 0
    for (const _ of s) n++
    return n
  }
  let n = 0
  for (let i = 0; i < s.bytes.length; n++) i += decodeRune(s.bytes, i)[1]
  return n
}

/** strconv.Quote of a Go string (asciiOnly: QuoteToASCII); quote `'` quotes a rune. */
export function goQuote(s: GoString, asciiOnly = false, quote = '"'): string {
  const b = bytesOf(s)
  // At most four bytes of output per byte of input (\xff); charged before quoting.
  spendBytes(4 * b.length)
  return strconvQuote(b, asciiOnly, quote)
}

// --- printf (fmt/print.go, fmt/format.go) ---

/** fmt's per-verb state: flags, width and precision (undefined when absent). */
export interface Flags {
  minus: boolean
  plus: boolean
  sharp: boolean
  space: boolean
  zero: boolean
  width?: number
  prec?: number
  plusV?: boolean // %+v
  sharpV?: boolean // %#v: Go syntax
}

const noFlags: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false }

function padding(n: number, f: Flags): string {
  return n > 0 ? (f.zero ? '0' : ' ').repeat(n) : ''
}

/** fmt.pad / padString: width counts runes; the 0 flag pads with zeros (Go 1.19 also for strings). */
function pad(s: GoString, f: Flags): GoString {
  if (!f.width) return s
  const n = f.width - runeCount(s)
  if (n <= 0) return s
  return f.minus ? join(s, padding(n, f)) : join(padding(n, f), s)
}

function join(a: GoString, b: GoString): GoString {
  if (typeof a === 'string' && typeof b === 'string') return a + b
  return fromBytes(concat([bytesOf(a), bytesOf(b)]))
}

function asString(s: GoString): string {
  return typeof s === 'string' ? s : new TextDecoder().decode(s.bytes)
}

/** fmt.fmtInteger. */
function fmtInteger(value: bigint, base: number, verb: string, f: Flags, upper = false): string {
  const negative = value < 0n
  const u = negative ? -value : value
  let prec = 0
  if (f.prec !== undefined) {
    prec = f.prec
    // Precision 0 and value 0 print nothing but padding.
    if (prec === 0 && u === 0n) return ' '.repeat(Math.max(f.width ?? 0, 0))
  } else if (f.zero && f.width !== undefined) {
    prec = f.width
    if (negative || f.plus || f.space) prec--
  }
  let digits = u.toString(base)
  if (upper) digits = digits.toUpperCase()
  if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits
  if (f.sharp) {
    if (base === 2) digits = '0b' + digits
    else if (base === 8 && digits[0] !== '0') digits = '0' + digits
    else if (base === 16) digits = (upper ? '0X' : '0x') + digits
  }
  if (verb === 'O') digits = '0o' + digits
  if (negative) digits = '-' + digits
  else if (f.plus) digits = '+' + digits
  else if (f.space) digits = ' ' + digits
  // Zero padding was done above as precision (or is off because of an explicit precision).
  return pad(digits, { ...f, zero: false }) as string
}

function runeOf(n: bigint): string {
  // rune(c) with c > MaxRune (negative values wrap to huge uint64s) is RuneError.
  return n >= 0n && n <= 0x10ffffn && !(n >= 0xd800n && n <= 0xdfffn) ? String.fromCodePoint(Number(n)) : '\ufffd'
}

/** print.go fmtInteger: one integer under one verb; undefined for a bad verb. */
function formatInt(n: bigint, verb: string, f: Flags, unsigned: boolean): GoString | undefined {
  switch (verb) {
    case 'v':
      if (f.sharpV && unsigned) return fmtInteger(n, 16, 'x', { ...f, sharp: true })
      return fmtInteger(n, 10, verb, f)
    case 'd':
      return fmtInteger(n, 10, verb, f)
    case 'b':
      return fmtInteger(n, 2, verb, f)
    case 'o':
    case 'O':
      return fmtInteger(n, 8, verb, f)
    case 'x':
      return fmtInteger(n, 16, verb, f)
    case 'X':
      return fmtInteger(n, 16, verb, f, true)
    case 'c':
      return pad(runeOf(n), f)
    case 'q':
      return pad(goQuote(runeOf(n), f.plus, "'"), f)
    case 'U': {
      const u = n < 0n ? n + (1n << 64n) : n
      let hex = u.toString(16).toUpperCase()
      const prec = f.prec !== undefined && f.prec > 4 ? f.prec : 4
      hex = hex.padStart(prec, '0')
      let s = `U+${hex}`
      if (f.sharp && u <= 0x10ffffn && isPrint(Number(u))) s += ` '${String.fromCodePoint(Number(u))}'`
      return pad(s, { ...f, zero: false })
    }
  }
  return undefined
}

/** format.go fmtFloat: `verb` is strconv's (e E f g G x X b), prec the default precision. */
function fmtFloat(x: number, verb: string, prec: number, f: Flags): string {
  if (f.prec !== undefined) prec = f.prec
  let num = formatFloat(x, verb, prec)
  num = num[0] === '-' || num[0] === '+' ? num : '+' + num
  if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1)
  // Infinities and NaN are not padded with zeros.
  if (num[1] === 'I' || num[1] === 'N') {
    if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1)
    return pad(num, { ...f, zero: false }) as string
  }
  // The sharp flag forces a decimal point and keeps trailing zeros.
  if (f.sharp && verb !== 'b') {
    let digits = 0
    if (verb === 'v' || verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec
    let tail = ''
    let body = num
    let hasPoint = false
    let sawNonzero = false
    for (let i = 1; i < body.length; i++) {
      const c = body[i]
      if (c === '.') hasPoint = true
      else if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
        tail = body.slice(i)
        body = body.slice(0, i)
        break
      } else {
        if (c !== '0') sawNonzero = true
        if (sawNonzero) digits--
      }
    }
    if (!hasPoint) {
      if (body.length === 2 && body[1] === '0') digits--
      body += '.'
    }
    if (digits > 0) body += '0'.repeat(digits)
    num = body + tail
  }
  if (f.plus || num[0] !== '+') {
    if (f.zero && f.width !== undefined && f.width > num.length) return num[0] + '0'.repeat(f.width - num.length) + num.slice(1)
    return pad(num, f) as string
  }
  return pad(num.slice(1), f) as string
}

/** print.go fmtFloat. */
function formatFloatVerb(x: number, verb: string, f: Flags): GoString | undefined {
  switch (verb) {
    case 'v':
      return fmtFloat(x, 'g', -1, f)
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      return fmtFloat(x, verb, -1, f)
    case 'f':
    case 'e':
    case 'E':
      return fmtFloat(x, verb, 6, f)
    case 'F':
      return fmtFloat(x, 'f', 6, f)
  }
  return undefined
}

/** print.go fmtComplex: (real±imag i), each part formatted as a float. */
function formatComplex(c: GoComplex, verb: string, f: Flags): GoString | undefined {
  if (!'vbgGxXfFeE'.includes(verb)) return undefined
  const re = formatFloatVerb(c.re, verb, f) as string
  const im = formatFloatVerb(c.im, verb, { ...f, plus: true }) as string
  return `(${re}${im}i)`
}

/** format.go truncate: precision limits runes. */
function truncate(s: GoString, f: Flags): GoString {
  if (f.prec === undefined) return s
  if (typeof s === 'string') {
    let n = 0
    let i = 0
    for (const ch of s) {
      if (n++ === f.prec) return s.slice(0, i)
      i += ch.length
    }
    return s
  }
  let n = 0
  for (let i = 0; i < s.bytes.length; n++) {
    if (n === f.prec) return fromBytes(s.bytes.slice(0, i))
    i += decodeRune(s.bytes, i)[1]
  }
  return s
}

/** print.go fmtString. */
function formatString(s: GoString, verb: string, f: Flags): GoString | undefined {
  switch (verb) {
    case 'v':
      return f.sharpV ? fmtQ(s, f) : pad(truncate(s, f), f)
    case 's':
      return pad(truncate(s, f), f)
    case 'q':
      return fmtQ(s, f)
    case 'x':
    case 'X': {
      // fmtSbx: precision limits bytes; an empty string is just padding.
      let b = bytesOf(s)
      if (f.prec !== undefined && f.prec < b.length) b = b.slice(0, f.prec)
      if (b.length === 0) return padding(f.width ?? 0, f)
      const digits = verb === 'x' ? '0123456789abcdef' : '0123456789ABCDEF'
      const prefix = f.sharp ? (verb === 'x' ? '0x' : '0X') : ''
      spendBytes(b.length * (f.space ? 3 + prefix.length : 2))
      let out = prefix
      b.forEach((x, i) => {
        if (f.space && i > 0) out += ' ' + prefix
        out += digits[x >> 4] + digits[x & 15]
      })
      return pad(out, f)
    }
  }
  return undefined
}

function fmtQ(s: GoString, f: Flags): GoString {
  const t = truncate(s, f)
  const b = bytesOf(t)
  if (f.sharp && canBackquote(b)) return pad(join('`', join(t, '`')), f)
  return pad(goQuote(t, f.plus), f)
}

// print.go badVerb: the operand printed with %v under the same flags.
function bad(verb: string, v: GoValue, f: Flags): GoString {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`
  return join(`%!${verb}(${typeName(v)}=`, join(formatValue(v, 'v', { ...f, sharpV: false, plusV: false }), ')'))
}

/** One operand under one verb, as fmt's printArg (depth 0) and printValue (nested) do. */
export function formatValue(v: GoValue, verb: string, f: Flags, depth = 0): GoString {
  if (depth === 0 && verb === 'T') return v === null || v === undefined ? pad('<nil>', f) : pad(truncate(typeName(v), f), f)
  if (v === null || v === undefined) {
    // Nested nil interfaces are written raw; a top-level nil is padded.
    if (depth > 0) return f.sharpV ? 'interface {}(nil)' : '<nil>'
    return verb === 'v' ? pad('<nil>', f) : bad(verb, v, f)
  }
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), f) : bad(verb, v, f)
  if (typeof v === 'bigint') return formatInt(v, verb, f, false) ?? bad(verb, v, f)
  if (v instanceof GoUint8) return formatInt(BigInt(v.value), verb, f, true) ?? bad(verb, v, f)
  if (v instanceof GoTypedInt) return formatInt(v.value, verb, f, v.type.startsWith('u')) ?? bad(verb, v, f)
  if (typeof v === 'number') return formatFloatVerb(v, verb, f) ?? bad(verb, v, f)
  if (v instanceof GoComplex) return formatComplex(v, verb, f) ?? bad(verb, v, f)
  if (isGoString(v)) return formatString(v, verb, f) ?? bad(verb, v, f)
  if (v instanceof GoFunc) return verb === 'v' || verb === 'p' ? '0x1' : bad(verb, v, f)
  if (v instanceof GoObject) return formatObject(v, verb, f, depth)
  // A step per operand and element: a list or map that holds one value many times prints it each time.
  spendSteps(1)
  if (Array.isArray(v)) {
    const b = new Buf()
    b.push(f.sharpV ? '[]interface {}{' : '[')
    v.forEach((x, i) => {
      if (i) b.push(f.sharpV ? ', ' : ' ')
      b.push(formatValue(x, verb, f, depth + 1))
    })
    b.push(f.sharpV ? '}' : ']')
    return b.result()
  }
  if (isMap(v)) {
    const b = new Buf()
    b.push(f.sharpV ? `${typeName(v)}{` : 'map[')
    const keys = mapKeys(v)
    // Sorting the keys: a step each.
    spendSteps(keys.length)
    keys.forEach((k, i) => {
      if (i) b.push(f.sharpV ? ', ' : ' ')
      b.push(formatValue(k, verb, f, depth + 1))
      b.push(':')
      b.push(formatValue(mapGet(v, k), verb, f, depth + 1))
    })
    b.push(f.sharpV ? '}' : ']')
    return b.result()
  }
  return bad(verb, v, f)
}

// print.go handleMethods: a Stringer prints through String() for %v %s %q %x %X (not %#v);
// otherwise a struct prints its fields as {a b}, a pointer to one as &{a b}.
function formatObject(v: GoObject, verb: string, f: Flags, depth: number): GoString {
  if (f.sharpV && v.goString) return pad(v.goString(), f)
  if (v.text && !f.sharpV && 'vsqxX'.includes(verb)) return formatString(v.text(), verb, f) ?? bad(verb, v, f)
  if (v.underlying !== undefined) return formatValue(v.underlying, verb, f, depth)
  const b = new Buf()
  if (v.kind === 'ptr' && depth === 0) b.push('&')
  b.push('{')
  Object.entries(v.fields).forEach(([name, x], i) => {
    if (i) b.push(' ')
    if (f.plusV || f.sharpV) b.push(name + ':')
    b.push(formatValue(x, verb, f, depth + 1))
  })
  b.push('}')
  return b.result()
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: GoValue[]): GoString {
  const b = new Buf()
  args.forEach((a, i) => {
    if (i > 0 && !isGoString(a) && !isGoString(args[i - 1])) b.push(' ')
    b.push(formatValue(a, 'v', noFlags))
  })
  return b.result()
}

/** fmt.Sprintln: spaces always, then a newline. */
export function sprintln(args: GoValue[]): GoString {
  const b = new Buf()
  args.forEach((a, i) => {
    if (i > 0) b.push(' ')
    b.push(formatValue(a, 'v', noFlags))
  })
  b.push('\n')
  return b.result()
}

const tooLarge = (x: number) => x > 1e6 || x < -1e6

/** print.go parsenum: [num, present, next index]. */
function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end]
  let num = 0
  let isnum = false
  let i = start
  for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
    if (tooLarge(num)) return [0, false, end]
    num = num * 10 + (s.charCodeAt(i) - 48)
    isnum = true
  }
  return [num, isnum, i]
}

/** fmt.Sprintf (print.go doPrintf), including %[n] argument indexes and * widths. */
export function sprintf(format: GoString, args: GoValue[]): GoString {
  // Verbs and flags are ASCII; other runes are copied through as bytes.
  const fmtText = typeof format === 'string' ? format : Buffer.from(format.bytes).toString('latin1')
  const raw = typeof format !== 'string'
  const b = new Buf()
  const text = (t: string) => b.push(raw ? fromBytes(new Uint8Array(Buffer.from(t, 'latin1'))) : t)
  const end = fmtText.length
  let argNum = 0
  let reordered = false
  let goodArgNum = true
  const argNumber = (i: number): [number, boolean] => {
    if (i >= end || fmtText[i] !== '[') return [i, false]
    reordered = true
    // parseArgNumber: [n], one-indexed.
    let close = -1
    if (end - i >= 3)
      for (let k = i + 1; k < end; k++)
        if (fmtText[k] === ']') {
          close = k
          break
        }
    if (close < 0) {
      goodArgNum = false
      return [i + 1, false]
    }
    const [n, ok, ni] = parsenum(fmtText, i + 1, close)
    if (!ok || ni !== close) {
      goodArgNum = false
      return [close + 1, false]
    }
    if (n - 1 >= 0 && n - 1 < args.length) {
      argNum = n - 1
      return [close + 1, true]
    }
    goodArgNum = false
    return [close + 1, true]
  }
  const intFromArg = (): number | undefined => {
    if (argNum >= args.length) return undefined
    const a = args[argNum++]
    const n = typeof a === 'bigint' ? a : a instanceof GoUint8 ? BigInt(a.value) : a instanceof GoTypedInt ? a.value : undefined
    if (n === undefined || n > 1000000n || n < -1000000n) return undefined
    return Number(n)
  }
  let i = 0
  while (i < end) {
    goodArgNum = true
    const lasti = i
    while (i < end && fmtText[i] !== '%') i++
    if (i > lasti) text(fmtText.slice(lasti, i))
    if (i >= end) break
    i++ // the %
    const f: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false }
    for (; i < end; i++) {
      const c = fmtText[i]
      if (c === '#') f.sharp = true
      else if (c === '0') f.zero = !f.minus
      else if (c === '+') f.plus = true
      else if (c === '-') {
        f.minus = true
        f.zero = false
      } else if (c === ' ') f.space = true
      else break
    }
    let afterIndex: boolean
    ;[i, afterIndex] = argNumber(i)
    if (i < end && fmtText[i] === '*') {
      i++
      const w = intFromArg()
      if (w === undefined) text('%!(BADWIDTH)')
      else if (w < 0) {
        f.width = -w
        f.minus = true
        f.zero = false
      } else f.width = w
      afterIndex = false
    } else {
      const [w, present, ni] = parsenum(fmtText, i, end)
      i = ni
      if (present) f.width = w
      if (afterIndex && present) goodArgNum = false
    }
    if (i + 1 < end && fmtText[i] === '.') {
      i++
      if (afterIndex) goodArgNum = false
      ;[i, afterIndex] = argNumber(i)
      if (i < end && fmtText[i] === '*') {
        i++
        const p = intFromArg()
        // A negative precision is as bad as a missing one.
        if (p === undefined || p < 0) text('%!(BADPREC)')
        else f.prec = p
        afterIndex = false
      } else {
        const [p, present, ni] = parsenum(fmtText, i, end)
        i = ni
        f.prec = present ? p : 0
      }
    }
    if (!afterIndex) [i, afterIndex] = argNumber(i)
    if (i >= end) {
      text('%!(NOVERB)')
      break
    }
    let verb = fmtText[i]
    let size = 1
    if (verb.charCodeAt(0) >= 0x80) {
      const bytes = new Uint8Array(Buffer.from(fmtText.slice(i, i + 4), raw ? 'latin1' : 'utf8'))
      if (raw) {
        const [r, w] = decodeRune(bytes, 0)
        verb = String.fromCodePoint(r)
        size = w
      } else {
        verb = String.fromCodePoint(fmtText.codePointAt(i)!)
        size = verb.length
      }
    }
    i += size
    if (verb === '%') {
      b.push('%')
      continue
    }
    if (!goodArgNum) {
      b.push(`%!${verb}(BADINDEX)`)
      continue
    }
    if (argNum >= args.length) {
      b.push(`%!${verb}(MISSING)`)
      continue
    }
    if (verb === 'v') {
      f.sharpV = f.sharp
      f.sharp = false
      f.plusV = f.plus
      f.plus = false
    }
    b.push(formatValue(args[argNum++], verb, f))
  }
  // Extra operands are reported unless the format reordered them.
  if (!reordered && argNum < args.length) {
    b.push('%!(EXTRA ')
    args.slice(argNum).forEach((a, k) => {
      if (k) b.push(', ')
      if (a === null || a === undefined) b.push('<nil>')
      else {
        b.push(`${typeName(a)}=`)
        b.push(formatValue(a, 'v', noFlags))
      }
    })
    b.push(')')
  }
  return b.result()
}

export { GoBytes, asString }
