// Go text/template's lexer (text/template/parse/lex.go): text, actions with trim markers, comments,
// strings, characters, numbers, identifiers, fields, variables and keywords. Knows nothing of
// parsing or execution. Positions are byte offsets into the UTF-16 source (line numbers matter for
// messages; Go counts columns in bytes, which ASCII templates share).

export type ItemType =
  | 'error' // error occurred; val is text of error
  | 'bool' // boolean constant
  | 'char' // printable ASCII character; grab bag for comma etc.
  | 'charConstant' // character constant
  | 'comment' // comment text
  | 'complex' // complex constant (1+2i); imaginary is just a number
  | 'assign' // equals ('=') introducing an assignment
  | 'declare' // colon-equals (':=') introducing a declaration
  | 'EOF'
  | 'field' // alphanumeric identifier starting with '.'
  | 'identifier' // alphanumeric identifier not starting with '.'
  | 'leftDelim' // left action delimiter
  | 'leftParen' // '(' inside action
  | 'number' // simple number, including imaginary
  | 'pipe' // pipe symbol
  | 'rawString' // raw quoted string (includes quotes)
  | 'rightDelim' // right action delimiter
  | 'rightParen' // ')' inside action
  | 'space' // run of spaces separating arguments
  | 'string' // quoted string (includes quotes)
  | 'text' // plain text
  | 'variable' // variable starting with '$', such as '$' or '$1' or '$hello'
  | 'keyword' // used only to delimit the keywords
  | 'block'
  | 'break'
  | 'continue'
  | 'dot'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'nil'
  | 'range'
  | 'template'
  | 'with'

export interface Item {
  type: ItemType
  pos: number
  val: string
  line: number
}

const KEYWORDS: Record<string, ItemType> = {
  '.': 'dot',
  block: 'block',
  break: 'break',
  continue: 'continue',
  define: 'define',
  else: 'else',
  end: 'end',
  if: 'if',
  range: 'range',
  nil: 'nil',
  template: 'template',
  with: 'with',
}

const TRIM_MARKER = '-'
const LEFT_COMMENT = '/*'
const RIGHT_COMMENT = '*/'

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n'
// Go's unicode.IsLetter or IsDigit, or '_'. ASCII (every field and function name of ESO's
// templates) by code, the rest by the Unicode properties: every character of every identifier
// and field is asked.
const isAlphaNumeric = (c: string) => {
  const code = c.charCodeAt(0)
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f
  return /[\p{L}\p{Nd}]/u.test(c)
}

const TRIMMED_DELIM = Object.freeze({ delim: true, trimSpaces: true })
const AT_DELIM = Object.freeze({ delim: true, trimSpaces: false })
const NOT_DELIM = Object.freeze({ delim: false, trimSpaces: false })

/** Lexes the whole input eagerly: Go runs the lexer as a goroutine; a list serves the parser alike. */
export function lex(name: string, input: string, left = '{{', right = '}}', keepComments = false): Item[] {
  const items: Item[] = []
  let pos = 0
  let start = 0
  let line = 1
  let startLine = 1
  let parenDepth = 0
  let insideAction = false

  const emit = (type: ItemType) => {
    items.push({ type, pos: start, val: input.slice(start, pos), line: startLine })
    start = pos
    startLine = line
  }
  const ignore = () => {
    for (let i = start; i < pos; i++) if (input[i] === '\n') line++
    start = pos
    startLine = line
  }
  const errorf = (msg: string) => {
    items.push({ type: 'error', pos: start, val: msg, line: startLine })
    return false
  }
  const next = (): string => {
    if (pos >= input.length) {
      pos++
      return ''
    }
    const cp = input.codePointAt(pos)!
    const ch = String.fromCodePoint(cp)
    pos += ch.length
    if (ch === '\n') line++
    return ch
  }
  const backup = (ch: string) => {
    if (ch === '') {
      pos--
      return
    }
    pos -= ch.length
    if (ch === '\n') line--
  }
  const peek = () => {
    const ch = next()
    backup(ch)
    return ch
  }
  const accept = (valid: string) => {
    const ch = next()
    if (ch !== '' && valid.includes(ch)) return true
    backup(ch)
    return false
  }
  const acceptRun = (valid: string) => {
    for (;;) {
      const ch = next()
      if (ch === '' || !valid.includes(ch)) {
        backup(ch)
        return
      }
    }
  }
  const emitText = (upTo: number) => {
    if (upTo > start) {
      const saved = pos
      pos = upTo
      let nl = 0
      for (let i = start; i < upTo; i++) if (input[i] === '\n') nl++
      items.push({ type: 'text', pos: start, val: input.slice(start, upTo), line: startLine })
      line = startLine + nl
      start = upTo
      startLine = line
      pos = saved
    }
  }

  // Text until the next left delimiter.
  const lexText = (): boolean => {
    const x = input.indexOf(left, pos)
    if (x < 0) {
      pos = input.length
      if (pos > start) {
        let nl = 0
        for (let i = start; i < pos; i++) if (input[i] === '\n') nl++
        items.push({ type: 'text', pos: start, val: input.slice(start, pos), line: startLine })
        line = startLine + nl
        start = pos
        startLine = line
      }
      items.push({ type: 'EOF', pos, val: '', line })
      return false
    }
    let textEnd = x
    const trimLeft = input.startsWith(TRIM_MARKER, x + left.length) && isSpace(input[x + left.length + 1] ?? '')
    if (trimLeft) {
      while (textEnd > start && isSpace(input[textEnd - 1])) textEnd--
    }
    pos = x
    emitText(textEnd)
    // Skip the trimmed space.
    start = x
    for (let i = textEnd; i < x; i++) if (input[i] === '\n') line++
    startLine = line
    return lexLeftDelim(trimLeft)
  }

  // Asked at every step inside an action: the trimmed forms are made once, the answers are constants.
  const trimmedRight = [' ', '\t', '\r', '\n'].map((space) => space + TRIM_MARKER + right)
  const atRightDelim = (): { delim: boolean; trimSpaces: boolean } => {
    if (isSpace(input[pos] ?? '') && trimmedRight.some((t) => input.startsWith(t, pos))) return TRIMMED_DELIM
    if (input.startsWith(right, pos)) return AT_DELIM
    return NOT_DELIM
  }

  const lexLeftDelim = (trimLeft: boolean): boolean => {
    pos += left.length
    const afterMarker = trimLeft ? 2 : 0
    if (input.startsWith(LEFT_COMMENT, pos + afterMarker)) {
      pos += afterMarker
      ignore()
      return lexComment()
    }
    emit('leftDelim')
    pos += afterMarker
    ignore()
    parenDepth = 0
    insideAction = true
    return true
  }

  const lexComment = (): boolean => {
    pos += LEFT_COMMENT.length
    const x = input.indexOf(RIGHT_COMMENT, pos)
    if (x < 0) return errorf('unclosed comment')
    pos = x + RIGHT_COMMENT.length
    const { delim, trimSpaces } = atRightDelim()
    if (!delim) return errorf('comment ends before closing delimiter')
    if (keepComments) emit('comment')
    if (trimSpaces) pos += 2
    pos += right.length
    if (trimSpaces) while (pos < input.length && isSpace(input[pos])) pos++
    ignore()
    return true
  }

  const lexRightDelim = (trimSpaces: boolean) => {
    if (trimSpaces) {
      pos += 1
      ignore()
      pos += 1 // the trim marker
      ignore()
    }
    pos += right.length
    emit('rightDelim')
    if (trimSpaces) {
      while (pos < input.length && isSpace(input[pos])) pos++
      ignore()
    }
    insideAction = false
  }

  const lexInsideAction = (): boolean => {
    const { delim, trimSpaces } = atRightDelim()
    if (delim) {
      if (parenDepth === 0) {
        lexRightDelim(trimSpaces)
        return true
      }
      return errorf('unclosed left paren')
    }
    const r = next()
    if (r === '') return errorf('unclosed action')
    if (isSpace(r)) {
      backup(r)
      return lexSpace()
    }
    if (r === '=') {
      emit('assign')
      return true
    }
    if (r === ':') {
      if (next() !== '=') return errorf('expected :=')
      emit('declare')
      return true
    }
    if (r === '|') {
      emit('pipe')
      return true
    }
    if (r === '"') return lexQuote()
    if (r === '`') return lexRawQuote()
    if (r === '$') return lexVariable()
    if (r === "'") return lexChar()
    if (r === '.') {
      if (pos < input.length) {
        const c = input[pos]
        if (c < '0' || c > '9') return lexField()
      }
      backup(r)
      return lexNumber()
    }
    if (r === '+' || r === '-' || (r >= '0' && r <= '9')) {
      backup(r)
      return lexNumber()
    }
    if (isAlphaNumeric(r)) {
      backup(r)
      return lexIdentifier()
    }
    if (r === '(') {
      emit('leftParen')
      parenDepth++
      return true
    }
    if (r === ')') {
      emit('rightParen')
      parenDepth--
      if (parenDepth < 0) return errorf('unexpected right paren')
      return true
    }
    if (r.codePointAt(0)! <= 0x7f && /[\x21-\x7e]/.test(r)) {
      emit('char')
      return true
    }
    return errorf(`unrecognized character in action: ${goUnicode(r)}`)
  }

  const lexSpace = (): boolean => {
    let numSpaces = 0
    for (;;) {
      const r = peek()
      if (!isSpace(r)) break
      next()
      numSpaces++
    }
    // Be careful about a trim-marked closing delimiter, which has a minus after a space.
    if (isSpace(input[pos - 1] ?? '') && input.startsWith(TRIM_MARKER + right, pos)) {
      backup(input[pos - 1])
      if (numSpaces === 1) return true
    }
    emit('space')
    return true
  }

  const lexIdentifier = (): boolean => {
    for (;;) {
      const r = next()
      if (r !== '' && isAlphaNumeric(r)) continue
      backup(r)
      const word = input.slice(start, pos)
      if (!atTerminator()) return errorf(`bad character ${goUnicode(input[pos])}`)
      if (Object.hasOwn(KEYWORDS, word) && KEYWORDS[word] !== 'dot') emit(KEYWORDS[word])
      else if (word[0] === '.') emit('field')
      else if (word === 'true' || word === 'false') emit('bool')
      else emit('identifier')
      return true
    }
  }

  const lexField = () => lexFieldOrVariable('field')
  const lexVariable = (): boolean => {
    if (atTerminator()) {
      emit('variable')
      return true
    }
    return lexFieldOrVariable('variable')
  }
  const lexFieldOrVariable = (type: 'field' | 'variable'): boolean => {
    if (atTerminator()) {
      if (type === 'variable') emit('variable')
      else emit('dot')
      return true
    }
    for (;;) {
      const r = next()
      if (r === '' || !isAlphaNumeric(r)) {
        backup(r)
        break
      }
    }
    if (!atTerminator()) return errorf(`bad character ${goUnicode(input[pos] ?? '')}`)
    emit(type)
    return true
  }

  const atTerminator = (): boolean => {
    const r = peek()
    if (r === '' || isSpace(r)) return true
    if ('.,|:)('.includes(r)) return true
    return input.startsWith(right, pos)
  }

  const lexChar = (): boolean => {
    for (;;) {
      const r = next()
      if (r === '\\') {
        const n = next()
        if (n !== '' && n !== '\n') continue
        return errorf('unterminated character constant')
      }
      if (r === '' || r === '\n') return errorf('unterminated character constant')
      if (r === "'") break
    }
    emit('charConstant')
    return true
  }

  const scanNumber = (): boolean => {
    accept('+-')
    let digits = '0123456789_'
    if (accept('0')) {
      if (accept('xX')) digits = '0123456789abcdefABCDEF_'
      else if (accept('oO')) digits = '01234567_'
      else if (accept('bB')) digits = '01_'
    }
    acceptRun(digits)
    if (accept('.')) acceptRun(digits)
    if (digits.length === 11 && accept('eE')) {
      accept('+-')
      acceptRun('0123456789_')
    }
    if (digits.length === 23 && accept('pP')) {
      accept('+-')
      acceptRun('0123456789_')
    }
    accept('i')
    const c = peek()
    return !(c !== '' && isAlphaNumeric(c))
  }

  const lexNumber = (): boolean => {
    if (!scanNumber()) {
      next()
      return errorf(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`)
    }
    const sign = peek()
    if (sign === '+' || sign === '-') {
      // Complex: 1+2i. No spaces, must end in 'i'.
      if (!scanNumber() || input[pos - 1] !== 'i') {
        return errorf(`bad number syntax: ${JSON.stringify(input.slice(start, pos))}`)
      }
      emit('complex')
    } else emit('number')
    return true
  }

  const lexQuote = (): boolean => {
    for (;;) {
      const r = next()
      if (r === '\\') {
        const n = next()
        if (n !== '' && n !== '\n') continue
        return errorf('unterminated quoted string')
      }
      if (r === '' || r === '\n') return errorf('unterminated quoted string')
      if (r === '"') break
    }
    emit('string')
    return true
  }

  const lexRawQuote = (): boolean => {
    const x = input.indexOf('`', pos)
    if (x < 0) return errorf('unterminated raw quoted string')
    for (let i = pos; i < x; i++) if (input[i] === '\n') line++
    pos = x + 1
    items.push({ type: 'rawString', pos: start, val: input.slice(start, pos), line: startLine })
    start = pos
    startLine = line
    return true
  }

  for (;;) {
    const ok = insideAction ? lexInsideAction() : lexText()
    if (!ok) break
    if (items.length && items[items.length - 1].type === 'EOF') break
  }
  void name
  return items
}

/** Go's %#U: U+0023 '#'. */
export function goUnicode(ch: string): string {
  const cp = ch === '' ? 0xfffd : ch.codePointAt(0)!
  const hex = cp.toString(16).toUpperCase().padStart(4, '0')
  return cp >= 0x20 && cp !== 0x7f ? `U+${hex} '${String.fromCodePoint(cp)}'` : `U+${hex}`
}

export function goQuoteRune(ch: string): string {
  if (ch === '') return 'U+FFFD'
  if (ch === "'") return "'\\''"
  if (ch === '\\') return "'\\\\'"
  const cp = ch.codePointAt(0)!
  if (cp < 0x20 || cp === 0x7f) {
    const map: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' }
    return `'${map[cp] ?? `\\x${cp.toString(16).padStart(2, '0')}`}'`
  }
  return `'${ch}'`
}
