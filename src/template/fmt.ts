// Go's fmt as templates reach it (print, printf, println and printing action results): verbs,
// flags, width and precision, the %!verb(type=value) error texts, shortest float formatting, and
// slices and maps as Go prints them. Output is a Go string (bytes).

import { bytesOf, fromBytes, GoBytes, GoFunc, GoUint8, isGoString, isMap, mapGet, mapKeys, typeName, type GoString, type GoValue } from './value.ts'

const enc = new TextEncoder()

/** Collects output as bytes, so Go strings that are not UTF-8 survive. */
export class Buf {
  private parts: (string | Uint8Array)[] = []
  private raw = false
  push(s: GoString): void {
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

// --- floats (strconv.FormatFloat) ---

function expTwoDigits(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2')
}

/** strconv.FormatFloat(f, fmt, prec, 64) for fmt in e, E, f, g, G. */
export function formatFloat(f: number, fmtc: string, prec: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (f === Infinity) return '+Inf'
  if (f === -Infinity) return '-Inf'
  const neg = f < 0 || Object.is(f, -0)
  const a = Math.abs(f)
  let body: string
  switch (fmtc) {
    case 'e':
    case 'E':
      body = expTwoDigits(prec < 0 ? a.toExponential() : a.toExponential(Math.min(prec, 100)))
      break
    case 'f':
    case 'F':
      body = prec < 0 ? plainShortest(a) : fixed(a, prec)
      break
    default: {
      // %g: shortest digits (prec < 0) with Go's exponent threshold, or prec significant digits.
      const shortest = prec < 0
      const p = prec === 0 ? 1 : prec
      const exp = shortest ? a.toExponential() : a.toExponential(p - 1)
      const [mant, e] = exp.split('e')
      const x = Number(e)
      const digits = mant.replace('.', '').length
      let eprec = shortest ? 6 : p
      if (!shortest && eprec > digits && digits >= x + 1) eprec = digits
      if (shortest) eprec = 6
      if (a !== 0 && (x < -4 || x >= eprec)) {
        body = expTwoDigits(`${trimZeros(mant, !shortest)}e${x < 0 ? '-' : '+'}${Math.abs(x)}`)
      } else {
        body = shortest ? plainShortest(a) : trimZeros(a.toPrecision(p), true)
        if (!shortest && body.includes('e')) body = fixed(a, Math.max(p - (x + 1), 0))
      }
    }
  }
  if (fmtc === 'E' || fmtc === 'G') body = body.toUpperCase()
  return (neg ? '-' : '') + body
}

function trimZeros(s: string, trim: boolean): string {
  if (!trim || !s.includes('.')) return s
  return s.replace(/\.?0+$/, '')
}

function fixed(a: number, prec: number): string {
  if (a < 1e21) return a.toFixed(Math.min(prec, 100))
  return BigInt(a).toString() + (prec > 0 ? '.' + '0'.repeat(prec) : '')
}

function plainShortest(a: number): string {
  const s = String(a)
  const m = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s)
  if (!m) return s
  const digits = m[1] + (m[2] ?? '')
  const point = m[1].length + Number(m[3])
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length)
  return `${digits.slice(0, point)}.${digits.slice(point)}`
}

// --- strings ---

const isPrint = (cp: number) => cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0) && cp !== 0xad && /[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]/u.test(String.fromCodePoint(cp))

/** strconv.Quote (asciiOnly: QuoteToASCII). */
export function goQuote(s: GoString, asciiOnly = false, quote = '"'): string {
  const bytes = bytesOf(s)
  let out = quote
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    let cp: number
    let size = 1
    if (b < 0x80) cp = b
    else {
      const n = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0
      const chunk = bytes.slice(i, i + n)
      let valid = n > 1 && chunk.length === n
      let decoded = ''
      if (valid) {
        try {
          decoded = new TextDecoder('utf-8', { fatal: true }).decode(chunk)
          valid = [...decoded].length === 1
        } catch {
          valid = false
        }
      }
      if (!valid) {
        out += `\\x${b.toString(16).padStart(2, '0')}`
        i++
        continue
      }
      cp = decoded.codePointAt(0)!
      size = n
    }
    i += size
    const ch = String.fromCodePoint(cp)
    if (ch === quote || ch === '\\') out += '\\' + ch
    else if (cp < 0x80 && isPrint(cp)) out += ch
    else if (!asciiOnly && isPrint(cp)) out += ch
    else {
      const esc: Record<number, string> = { 7: '\\a', 8: '\\b', 12: '\\f', 10: '\\n', 13: '\\r', 9: '\\t', 11: '\\v' }
      if (esc[cp]) out += esc[cp]
      else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`
      else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`
      else out += `\\U${cp.toString(16).padStart(8, '0')}`
    }
  }
  return out + quote
}

// --- printf ---

interface Flags {
  minus: boolean
  plus: boolean
  sharp: boolean
  space: boolean
  zero: boolean
  width?: number
  prec?: number
}

// Go's fmt pads with zeros whenever the 0 flag is set (numbers keep their sign in front).
function pad(s: GoString, f: Flags, numeric = false): GoString {
  const w = f.width ?? 0
  const len = typeof s === 'string' ? [...s].length : s.bytes.length
  if (len >= w) return s
  const n = w - len
  if (f.minus) return join(s, ' '.repeat(n))
  if (f.zero && typeof s === 'string') {
    const sign = numeric && /^[+\- ]/.test(s) ? s[0] : ''
    return sign + '0'.repeat(n) + s.slice(sign.length)
  }
  return join(' '.repeat(n), s)
}

function join(a: GoString, b: GoString): GoString {
  if (typeof a === 'string' && typeof b === 'string') return a + b
  return fromBytes(concat([bytesOf(a), bytesOf(b)]))
}

// Go's badVerb prints the operand with %v under the same flags (width, precision, padding).
function bad(verb: string, v: GoValue, f: Flags = noFlags): string {
  if (v === null || v === undefined) return `%!${verb}(<nil>)`
  return `%!${verb}(${typeName(v)}=${asString(formatValue(v, 'v', f))})`
}

/** strconv.FormatFloat(f, 'b', -1, 64): decimal mantissa, binary exponent (-ddddp±ddd). */
function binaryFloat(x: number): string {
  if (!Number.isFinite(x)) return formatFloat(x, 'g', -1)
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, x)
  const bits = buf.getBigUint64(0)
  const neg = bits >> 63n === 1n
  const e = Number((bits >> 52n) & 0x7ffn)
  let m = bits & ((1n << 52n) - 1n)
  let exp = e - 1075
  if (e === 0) exp = -1074
  else m |= 1n << 52n
  return `${neg ? '-' : ''}${m}p${exp >= 0 ? '+' : '-'}${Math.abs(exp)}`
}

/** strconv.FormatFloat(f, 'x', -1, 64): shortest hexadecimal mantissa, binary exponent. */
function hexFloat(x: number, upper: boolean): string {
  if (!Number.isFinite(x)) return formatFloat(x, 'g', -1)
  const neg = x < 0 || Object.is(x, -0)
  let a = Math.abs(x)
  let exp = 0
  let mant: bigint
  if (a === 0) mant = 0n
  else {
    const buf = new DataView(new ArrayBuffer(8))
    buf.setFloat64(0, a)
    const bits = buf.getBigUint64(0)
    const e = Number((bits >> 52n) & 0x7ffn)
    let m = bits & ((1n << 52n) - 1n)
    if (e === 0) {
      // Subnormal: normalise so the leading digit is 1.
      exp = -1022
      while (m < 1n << 52n) {
        m <<= 1n
        exp--
      }
      m &= (1n << 52n) - 1n
    } else exp = e - 1023
    mant = m
    void a
  }
  let frac = mant.toString(16).padStart(13, '0').replace(/0+$/, '')
  if (a === 0) frac = ''
  const sign = exp < 0 ? '-' : '+'
  let out = `${neg ? '-' : ''}0x${a === 0 ? '0' : '1'}${frac ? '.' + frac : ''}p${sign}${String(Math.abs(exp)).padStart(2, '0')}`
  if (upper) out = out.toUpperCase()
  a = 0
  return out
}

const noFlags: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false }

function asString(s: GoString): string {
  return typeof s === 'string' ? s : new TextDecoder().decode(s.bytes)
}

function intString(n: bigint, base: number, f: Flags, upper = false, prefix = ''): string {
  const neg = n < 0n
  let digits = (neg ? -n : n).toString(base)
  if (upper) digits = digits.toUpperCase()
  if (f.prec !== undefined) {
    if (f.prec === 0 && n === 0n) digits = ''
    digits = digits.padStart(f.prec, '0')
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : ''
  return sign + prefix + digits
}

function formatInt(n: bigint, verb: string, flags: Flags): GoString | undefined {
  // With a precision the 0 flag is ignored: padding is spaces (Go's fmtInteger).
  const f = flags.prec !== undefined ? { ...flags, zero: false } : flags
  switch (verb) {
    case 'v':
    case 'd':
      return pad(intString(n, 10, f), f, f.prec === undefined)
    case 'b':
      return pad(intString(n, 2, f, false, f.sharp ? '0b' : ''), f, f.prec === undefined)
    case 'o':
      return pad(intString(n, 8, f, false, f.sharp ? '0' : ''), f, f.prec === undefined)
    case 'O':
      return pad(intString(n, 8, f, false, '0o'), f, f.prec === undefined)
    case 'x':
      return pad(intString(n, 16, f, false, f.sharp ? '0x' : ''), f, f.prec === undefined)
    case 'X':
      return pad(intString(n, 16, f, true, f.sharp ? '0X' : ''), f, f.prec === undefined)
    case 'c':
      return pad(n >= 0n && n <= 0x10ffffn ? String.fromCodePoint(Number(n)) : '\ufffd', f)
    case 'q':
      return pad(n >= 0n && n <= 0x10ffffn ? goQuote(String.fromCodePoint(Number(n)), f.plus, "'") : "'\\ufffd'", f)
    case 'U': {
      const hex = n.toString(16).toUpperCase().padStart(4, '0')
      const ch = n >= 0n && n <= 0x10ffffn ? String.fromCodePoint(Number(n)) : ''
      return pad(`U+${hex}${f.sharp && ch && isPrint(Number(n)) ? ` '${ch}'` : ''}`, f)
    }
  }
  return undefined
}

function formatFloatVerb(x: number, verb: string, f: Flags): GoString | undefined {
  let s: string
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      s = formatFloat(x, verb === 'G' ? 'G' : 'g', f.prec ?? -1)
      if (f.sharp && !s.includes('.') && !/[eE]/.test(s) && Number.isFinite(x)) s += '.'
      break
    case 'e':
    case 'E':
      s = formatFloat(x, verb, f.prec ?? 6)
      break
    case 'f':
    case 'F':
      s = formatFloat(x, 'f', f.prec ?? 6)
      break
    case 'x':
    case 'X':
      s = hexFloat(x, verb === 'X')
      break
    case 'b':
      s = binaryFloat(x)
      break
    default:
      return undefined
  }
  if (f.plus && !s.startsWith('-') && !s.startsWith('+')) s = '+' + s
  else if (f.space && !s.startsWith('-') && !s.startsWith('+')) s = ' ' + s
  if (!Number.isFinite(x)) {
    if (s === '+Inf' && !f.plus) s = f.space ? ' Inf' : '+Inf'
    return pad(s, { ...f, zero: false })
  }
  return pad(s, f, true)
}

function formatString(s: GoString, verb: string, f: Flags): GoString | undefined {
  switch (verb) {
    case 'v':
    case 's': {
      let out: GoString = s
      if (f.prec !== undefined && typeof s === 'string') out = [...s].slice(0, f.prec).join('')
      return pad(out, f)
    }
    case 'q':
      if (f.sharp && typeof s === 'string' && !s.includes('`') && ![...s].some((c) => c !== '\t' && !isPrint(c.codePointAt(0)!))) return pad('`' + s + '`', f)
      return pad(goQuote(s, f.plus), f)
    case 'x':
    case 'X': {
      let b = bytesOf(s)
      if (f.prec !== undefined) b = b.slice(0, f.prec)
      const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0'))
      const prefix = f.sharp ? (verb === 'x' ? '0x' : '0X') : ''
      let out = f.space ? hex.map((h) => prefix + h).join(' ') : prefix + hex.join('')
      if (verb === 'X') out = out.toUpperCase()
      return pad(out, f)
    }
  }
  return undefined
}

/** One operand under one verb, as fmt's printArg (depth 0) and printValue (nested) do. */
export function formatValue(v: GoValue, verb: string, f: Flags, depth = 0): GoString {
  if (verb === 'T') return pad(typeName(v), f)
  // A nil inside a slice or map is printed as <nil> whatever the verb.
  if (v === null || v === undefined) return verb === 'v' || depth > 0 ? pad('<nil>', f) : bad(verb, v, f)
  if (typeof v === 'boolean') return verb === 'v' || verb === 't' ? pad(String(v), f) : bad(verb, v, f)
  if (typeof v === 'bigint') return formatInt(v, verb, f) ?? bad(verb, v, f)
  if (v instanceof GoUint8) return formatInt(BigInt(v.value), verb, f) ?? bad(verb, v, f)
  if (typeof v === 'number') return formatFloatVerb(v, verb, f) ?? bad(verb, v, f)
  if (isGoString(v)) return formatString(v, verb, f) ?? bad(verb, v, f)
  if (v instanceof GoFunc) return verb === 'v' || verb === 'p' ? '0x1' : bad(verb, v, f)
  if (Array.isArray(v)) {
    const b = new Buf()
    b.push('[')
    v.forEach((x, i) => {
      if (i) b.push(' ')
      b.push(formatValue(x, verb, f, depth + 1))
    })
    b.push(']')
    return b.result()
  }
  if (isMap(v)) {
    const b = new Buf()
    b.push('map[')
    mapKeys(v).forEach((k, i) => {
      if (i) b.push(' ')
      b.push(formatValue(k, verb, f, depth + 1))
      b.push(':')
      b.push(formatValue(mapGet(v, k), verb, f, depth + 1))
    })
    b.push(']')
    return b.result()
  }
  return bad(verb, v, f)
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

/** fmt.Sprintf. */
export function sprintf(format: GoString, args: GoValue[]): GoString {
  const fmtText = typeof format === 'string' ? format : new TextDecoder().decode(format.bytes)
  const b = new Buf()
  let argNum = 0
  let i = 0
  const intArg = (): number | undefined => {
    const a = args[argNum]
    if (typeof a === 'bigint' && a >= -1000000n && a <= 1000000n) {
      argNum++
      return Number(a)
    }
    argNum++
    return undefined
  }
  while (i < fmtText.length) {
    const pct = fmtText.indexOf('%', i)
    if (pct < 0) {
      b.push(fmtText.slice(i))
      break
    }
    b.push(fmtText.slice(i, pct))
    i = pct + 1
    const f: Flags = { minus: false, plus: false, sharp: false, space: false, zero: false }
    for (; i < fmtText.length; i++) {
      const c = fmtText[i]
      if (c === '-') {
        f.minus = true
        f.zero = false
      } else if (c === '+') f.plus = true
      else if (c === '#') f.sharp = true
      else if (c === ' ') f.space = true
      else if (c === '0') f.zero = !f.minus
      else break
    }
    if (fmtText[i] === '*') {
      i++
      const w = intArg()
      if (w === undefined) b.push('%!(BADWIDTH)')
      else if (w < 0) {
        f.minus = true
        f.zero = false
        f.width = -w
      } else f.width = w
    } else {
      const m = /^\d+/.exec(fmtText.slice(i))
      if (m) {
        f.width = Number(m[0])
        i += m[0].length
      }
    }
    if (fmtText[i] === '.') {
      i++
      if (fmtText[i] === '*') {
        i++
        const p = intArg()
        if (p === undefined) b.push('%!(BADPREC)')
        else if (p >= 0) f.prec = p
      } else {
        const m = /^\d+/.exec(fmtText.slice(i))
        f.prec = m ? Number(m[0]) : 0
        if (m) i += m[0].length
      }
    }
    if (i >= fmtText.length) {
      b.push('%!(NOVERB)')
      break
    }
    const verb = String.fromCodePoint(fmtText.codePointAt(i)!)
    i += verb.length
    if (verb === '%') {
      b.push('%')
      continue
    }
    if (argNum >= args.length) {
      b.push(`%!${verb}(MISSING)`)
      continue
    }
    const arg = args[argNum++]
    if (verb === 'v' && f.sharp) b.push(goSyntax(arg))
    else if (verb === 'v' && f.plus) b.push(formatValue(arg, 'v', { ...f, plus: typeof arg === 'number' || typeof arg === 'bigint' ? f.plus : false }))
    else if ('vdbcoOqxXUeEfFgGstTp'.includes(verb)) b.push(formatValue(arg, verb, f))
    else b.push(bad(verb, arg, f))
  }
  if (argNum < args.length) {
    b.push('%!(EXTRA ')
    args.slice(argNum).forEach((a, k) => {
      if (k) b.push(', ')
      b.push(a === null || a === undefined ? '<nil>' : `${typeName(a)}=`)
      if (a !== null && a !== undefined) b.push(formatValue(a, 'v', noFlags))
    })
    b.push(')')
  }
  return b.result()
}

/** %#v: Go-syntax representation. */
function goSyntax(v: GoValue): GoString {
  if (v === null || v === undefined) return '<nil>'
  if (isGoString(v)) return goQuote(v)
  if (typeof v === 'number') return formatFloat(v, 'g', -1)
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  if (v instanceof GoUint8) return `0x${v.value.toString(16)}`
  if (Array.isArray(v)) {
    const b = new Buf()
    b.push('[]interface {}{')
    v.forEach((x, i) => {
      if (i) b.push(', ')
      b.push(goSyntax(x))
    })
    b.push('}')
    return b.result()
  }
  if (isMap(v)) {
    const b = new Buf()
    b.push(`${typeName(v)}{`)
    mapKeys(v).forEach((k, i) => {
      if (i) b.push(', ')
      b.push(goQuote(k))
      b.push(':')
      b.push(goSyntax(mapGet(v, k)))
    })
    b.push('}')
    return b.result()
  }
  return String(v)
}

export { GoBytes }
