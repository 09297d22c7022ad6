// Go text/template's executor (text/template/exec.go): walks a parsed tree over a Go value, with
// Go's rules for fields on maps, missing keys, variables, pipelines, function calls and argument
// types, truth, range and template invocation. Errors are Go-shaped and never hold data values.
// Each execution has a budget (budget.ts): the walk charges its steps here, functions their
// allocations, and running out is a TemplateBudgetError at the node that was running.

import { Budget, BudgetExceeded, BYTES_PER_STEP, DEFAULT_MAX_ALLOC_BYTES, DEFAULT_MAX_STEPS, ELEMENT_BYTES, ENTRY_BYTES, stringBytes, withBudget } from './budget.ts'
import { TemplateBudgetError, TemplateError, type TemplateErrorParts } from './errors.ts'
import { nameText, nodeString, quoteName, treeKey } from './nodes.ts'
import { argString, type ArgNode, type CommandNode, type IdentifierNode, type ListNode, type Node, type NumberNode, type PipeNode, type TreeSet } from './parse.ts'
import { Buf, formatValue } from './fmt.ts'
import { byteLength, GoBytes, GoComplex, GoFunc, GoObject, isGoString, isMap, isTrue, mapGet, mapHas, mapKeys, StringMap, typeName, type GoString, type GoValue, type ParamKind } from './value.ts'
import { FuncError, type ExecContext, type FuncDef, type FuncMap } from './funcs/registry.ts'

export interface ExecOptions {
  missingKey: 'default' | 'zero' | 'error'
  maxDepth: number
  maxOutputBytes: number
  /** Steps one execution may take (budget.ts); default DEFAULT_MAX_STEPS. */
  maxSteps?: number
  /** Bytes one execution's functions may allocate (budget.ts); default DEFAULT_MAX_ALLOC_BYTES. */
  maxAllocBytes?: number
  context: ExecContext
  /** Told when a function whose result differs on every run is called (see FuncDef.nondeterministic). */
  onNondeterministic?: (functionName: string) => void
}

class BreakSignal {}
class ContinueSignal {}

const NO_VALUE = undefined

// Go's reflect.Value of an element of a []interface{} or map[string]interface{} (a field of a map,
// a range element) has type interface {}, and evalField names that type when the element has no
// such field; a pipeline's result is the element itself (evalPipeline digs into the interface).
// `iface` marks a value still in its interface: dot (dotIface), a variable, a field chain's receiver.

interface Variable {
  name: string
  value: GoValue
  iface?: boolean
}

/** Whether an element of `container` is an interface{} (every slice and plain map of this engine's data is). */
const holdsInterfaces = (container: GoValue) => Array.isArray(container) || (isMap(container) && !(container instanceof StringMap))

/** What a function's result counts as (budget.ts): a string its length, a list or map its elements. */
function shallowSize(v: GoValue): number {
  if (typeof v === 'string') return v.length
  if (v instanceof GoBytes) return v.bytes.length
  if (Array.isArray(v)) return v.length * ELEMENT_BYTES
  if (isMap(v) && !(v instanceof StringMap)) {
    let n = 0
    for (const k of Object.keys(v)) n += ENTRY_BYTES + k.length
    return n
  }
  return 0
}

interface Location {
  line: number
  pos: number
  text: string
}

export class Executor {
  private readonly trees: TreeSet
  private readonly funcs: FuncMap
  private readonly opts: ExecOptions
  /** The template running: its name, a Go string (Go's %q quotes it in messages, as quoteName does). */
  private name: GoString
  private vars: Variable[] = []
  private dotIface = false
  private depth = 0
  private node: Location = { line: 0, pos: -1, text: '' }
  // The executor's own output is capped by maxOutputBytes, not charged to the budget.
  private out = new Buf(false)
  private outBytes = 0
  private budget: Budget
  /** The innermost range running: where a step of its body's text and lists is reported. */
  private loop: Location | undefined

  constructor(trees: TreeSet, funcs: FuncMap, opts: ExecOptions, name: GoString) {
    this.trees = trees
    this.funcs = funcs
    this.opts = opts
    this.name = name
    this.budget = this.freshBudget()
  }

  private freshBudget(): Budget {
    return new Budget(this.opts.maxSteps ?? DEFAULT_MAX_STEPS, this.opts.maxAllocBytes ?? DEFAULT_MAX_ALLOC_BYTES)
  }

  execute(data: GoValue): GoString {
    const tree = this.trees.get(treeKey(this.name))
    if (!tree) throw new TemplateError('exec', { location: 'template', detail: `no template ${quoteName(this.name)} associated with template ${quoteName(this.name)}` })
    this.vars = [{ name: '$', value: data }]
    this.budget = this.freshBudget()
    try {
      withBudget(this.budget, () => this.walk(data, tree.root))
    } catch (e) {
      if (e instanceof BreakSignal || e instanceof ContinueSignal) this.errorf('break or continue outside range')
      if (e instanceof BudgetExceeded) this.budgetError(e)
      throw e
    }
    return this.out.result()
  }

  private errorf(msg: string, calling?: { name: string; message: string }): never {
    throw new TemplateError('exec', this.located(msg, calling))
  }

  /** The budget ran out at the current node: Go's error shape, the limit named, no value quoted. */
  private budgetError(e: BudgetExceeded): never {
    throw new TemplateBudgetError(this.located(`template execution budget exceeded: ${e.message}`), e.limit, e.max)
  }

  /** One step, reported at `where` if it is the one too many. */
  private stepAt(where: Location) {
    try {
      this.budget.step()
    } catch (e) {
      this.node = where
      throw e
    }
  }

  /** `msg` in Go's error shape, in parts, located at the current node. */
  private located(msg: string, calling?: { name: string; message: string }): TemplateErrorParts {
    if (this.node.pos < 0) return { location: `template: ${nameText(this.name)}`, detail: msg, ...(calling ? { calling } : {}) }
    // Go's ErrorContext: name:line:column (column = bytes since the line start).
    const tree = this.trees.get(treeKey(this.name))
    const text = tree?.text ?? ''
    const before = text.slice(0, this.node.pos)
    const nl = before.lastIndexOf('\n')
    const col = Buffer.byteLength(nl < 0 ? before : before.slice(nl + 1))
    const line = before.split('\n').length
    // Go's ErrorContext names the template the text was parsed as; "executing" names the one running.
    return {
      location: `template: ${nameText(tree?.parseName ?? this.name)}:${line}:${col}`,
      executing: quoteName(this.name),
      action: this.node.text,
      detail: msg,
      ...(calling ? { calling } : {}),
    }
  }

  private at(n: { line: number; pos: number }, text: string) {
    this.node = { line: n.line, pos: n.pos, text }
  }

  private write(s: GoString) {
    this.outBytes += byteLength(s)
    if (this.outBytes > this.opts.maxOutputBytes) this.errorf(`output exceeds the limit of ${this.opts.maxOutputBytes} bytes`)
    this.out.push(s)
  }

  private walk(dot: GoValue, node: Node | ListNode): void {
    // Text and lists have no action to name: a step too many there is reported at the range repeating them.
    this.stepAt(this.loop ?? this.node)
    switch (node.type) {
      case 'list':
        for (const n of node.nodes) this.walk(dot, n)
        return
      case 'text':
        this.write(node.text)
        return
      case 'comment':
        return
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe)
        if (!node.pipe.decl.length) this.printValue(node.pipe, val)
        return
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length
        const val = this.evalPipeline(dot, node.pipe)
        if (isTrue(val)) {
          if (node.type === 'with') this.withDot(false, () => this.walk(val, node.list))
          else this.walk(dot, node.list)
        } else if (node.elseList) this.walk(dot, node.elseList)
        this.vars.length = mark
        return
      }
      case 'range':
        return this.walkRange(dot, node)
      case 'template':
        return this.walkTemplate(dot, node)
      case 'break':
        throw new BreakSignal()
      case 'continue':
        throw new ContinueSignal()
    }
  }

  private walkRange(dot: GoValue, r: Extract<Node, { type: 'range' }>) {
    this.at(r, `range ${argString(r.pipe)}`)
    const where = this.node
    const mark = this.vars.length
    const val = this.evalPipeline(dot, r.pipe)
    const mark2 = this.vars.length
    const iface = holdsInterfaces(val)
    const one = (index: GoValue, elem: GoValue): boolean => {
      this.stepAt(where)
      if (r.pipe.decl.length > 0) {
        if (r.pipe.isAssign) {
          if (r.pipe.decl.length > 1) this.setVar(r.pipe.decl[0].ident[0], index)
          this.setVar(r.pipe.decl[r.pipe.decl.length - 1].ident[0], elem, iface)
        } else if (r.pipe.decl.length > 1) {
          Object.assign(this.vars[mark2 - 2], { value: index, iface: false })
          Object.assign(this.vars[mark2 - 1], { value: elem, iface })
        } else Object.assign(this.vars[mark2 - 1], { value: elem, iface })
      }
      try {
        this.withDot(iface, () => this.walk(elem, r.list))
      } catch (e) {
        if (e instanceof BreakSignal) return false
        if (!(e instanceof ContinueSignal)) throw e
      } finally {
        this.vars.length = mark2
      }
      return true
    }
    let ran = false
    const outer = this.loop
    this.loop = where
    try {
      if (Array.isArray(val)) {
        for (let i = 0; i < val.length; i++) {
          ran = true
          if (!one(BigInt(i), val[i])) break
        }
      } else if (isMap(val)) {
        for (const k of mapKeys(val)) {
          ran = true
          if (!one(k, mapGet(val, k))) break
        }
      } else if (typeof val === 'bigint') {
        if (r.pipe.decl.length > 1) this.errorf(`can't use ${typeName(val)} to iterate over more than one variable`)
        for (let i = 0n; i < val; i++) {
          ran = true
          if (!one(i, i)) break
        }
      } else if (val === undefined || val === null) {
        // Nothing to iterate: the else branch.
      } else if (val instanceof GoFunc) {
        this.errorf(`range can't iterate over ${typeName(val)}`)
      } else {
        // Go prints the value here ("range can't iterate over 3"); it may be data, so only its type is named.
        this.errorf(`range can't iterate over a value of type ${typeName(val)}`)
      }
    } finally {
      this.loop = outer
    }
    if (!ran && r.elseList) this.walk(dot, r.elseList)
    this.vars.length = mark
  }

  private walkTemplate(dot: GoValue, t: Extract<Node, { type: 'template' }>) {
    // Go prints the node itself in the context: <{{template "x" .}}>.
    this.at(t, nodeString(t))
    const tree = this.trees.get(treeKey(t.name))
    if (!tree) this.errorf(`template ${quoteName(t.name)} not defined`)
    if (this.depth >= this.opts.maxDepth) this.errorf(`exceeded maximum template depth (${this.opts.maxDepth})`)
    const newDot = t.pipe ? this.evalPipeline(dot, t.pipe) : undefined
    const saved = { vars: this.vars, name: this.name, loop: this.loop }
    this.vars = [{ name: '$', value: newDot }]
    this.name = t.name
    // A range of the caller is not in this template's text.
    this.loop = undefined
    this.depth++
    try {
      this.withDot(false, () => this.walk(newDot, tree.root))
    } catch (e) {
      // Located here, while the node and the name are this template's.
      if (e instanceof BudgetExceeded) this.budgetError(e)
      throw e
    } finally {
      this.depth--
      this.vars = saved.vars
      this.name = saved.name
      this.loop = saved.loop
    }
  }

  /** Runs `f` with dot (the value `walk` is given) marked as in an interface or not. */
  private withDot(iface: boolean, f: () => void) {
    const saved = this.dotIface
    this.dotIface = iface
    try {
      f()
    } finally {
      this.dotIface = saved
    }
  }

  private setVar(name: string, value: GoValue, iface = false) {
    Object.assign(this.variable(name), { value, iface })
  }

  private variable(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i].name === name) return this.vars[i]
    this.errorf(`undefined variable: ${name}`)
  }

  private printValue(pipe: PipeNode, v: GoValue) {
    this.at(pipe, argString(pipe))
    if (v === undefined || v === null) return this.write('<no value>')
    if (v instanceof GoFunc) this.errorf(`can't print ${argString(pipe)} of type ${typeName(v)}`)
    this.write(formatValue(v, 'v', { minus: false, plus: false, sharp: false, space: false, zero: false }))
  }

  evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    let value: GoValue = NO_VALUE
    let hasFinal = false
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value, hasFinal)
      hasFinal = true
      // A nil interface{} result is "no value" from here on, as Go digs into interfaces.
      if (value === null) value = NO_VALUE
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.ident[0], value)
      else this.vars.push({ name: v.ident[0], value })
    }
    return value
  }

  private notAFunction(args: ArgNode[], hasFinal: boolean) {
    if (args.length > 1 || hasFinal) this.errorf(`can't give argument to non-function ${argString(args[0])}`)
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: GoValue, hasFinal: boolean): GoValue {
    const first = cmd.args[0]
    this.at(first, argString(first))
    this.budget.step()
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(dot, dot, this.dotIface, first.ident, cmd.args, final, hasFinal)
      case 'chain': {
        const receiver = this.evalArgValue(dot, first.node)
        if (first.node.type === 'nil') this.errorf(`indirection through explicit nil in ${argString(first)}`)
        return this.evalFieldChain(dot, receiver, false, first.field, cmd.args, final, hasFinal)
      }
      case 'identifier':
        return this.evalFunction(dot, first, cmd.args, final, hasFinal, cmd)
      case 'pipe':
        this.notAFunction(cmd.args, hasFinal)
        return this.evalPipeline(dot, first)
      case 'variable': {
        const v = this.variable(first.ident[0])
        if (first.ident.length === 1) {
          this.notAFunction(cmd.args, hasFinal)
          return v.value
        }
        return this.evalFieldChain(dot, v.value, v.iface ?? false, first.ident.slice(1), cmd.args, final, hasFinal)
      }
    }
    this.notAFunction(cmd.args, hasFinal)
    switch (first.type) {
      case 'bool':
        return first.value
      case 'dot':
        return dot
      case 'nil':
        this.errorf('nil is not a command')
      case 'number':
        return this.idealConstant(first)
      case 'string':
        return first.text
    }
    this.errorf(`can't evaluate command ${JSON.stringify(argString(first))}`)
  }

  private idealConstant(n: NumberNode): GoValue {
    // Go's idealConstant: complex wins, then float-looking text (not 0x1F, not 'a'), then int.
    if (n.isComplex) return new GoComplex(n.complex!.re, n.complex!.im)
    const hexInt = /^[+-]?0[xX]/.test(n.text) && !/[pP]/.test(n.text)
    if (n.isFloat && !hexInt && !n.isRune && /[.eEpP]/.test(n.text)) return n.float!
    if (n.isInt) return n.int!
    this.errorf(`${n.text} overflows int`)
  }

  /** `iface`: the receiver is in an interface (see holdsInterfaces); so is each field of a map after it. */
  private evalFieldChain(dot: GoValue, receiver: GoValue, iface: boolean, ident: string[], args: ArgNode[], final: GoValue, hasFinal: boolean): GoValue {
    let r = receiver
    let rIface = iface
    for (let i = 0; i < ident.length - 1; i++) {
      const next = this.evalField(dot, ident[i], [args[0]], NO_VALUE, false, r, rIface)
      rIface = holdsInterfaces(r)
      r = next
    }
    return this.evalField(dot, ident[ident.length - 1], args, final, hasFinal, r, rIface)
  }

  private evalField(dot: GoValue, fieldName: string, args: ArgNode[], final: GoValue, hasFinal: boolean, receiver: GoValue, iface: boolean): GoValue {
    if (receiver === undefined) {
      if (this.opts.missingKey === 'error') this.errorf(`nil data; no entry for key ${JSON.stringify(fieldName)}`)
      return NO_VALUE
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`)
    if (isMap(receiver)) {
      if (args.length > 1 || hasFinal) this.errorf(`${fieldName} is not a method but has arguments`)
      if (mapHas(receiver, fieldName)) return mapGet(receiver, fieldName)
      switch (this.opts.missingKey) {
        case 'error':
          this.errorf(`map has no entry for key ${JSON.stringify(fieldName)}`)
        case 'zero':
          return receiver instanceof StringMap ? '' : null
        default:
          return NO_VALUE
      }
    }
    if (receiver instanceof GoObject) {
      const method = receiver.methods[fieldName]
      if (method) {
        const def: FuncDef = { name: fieldName, params: method.params, variadic: method.variadic, fn: (_ctx, ...a) => method.fn(...a) }
        return this.evalCall(dot, def, fieldName, args, final, hasFinal, args[0])
      }
      if (Object.hasOwn(receiver.fields, fieldName)) {
        if (args.length > 1 || hasFinal) this.errorf(`${fieldName} has arguments but cannot be invoked as function`)
        return receiver.fields[fieldName]
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${iface ? 'interface {}' : typeName(receiver)}`)
  }

  private evalFunction(dot: GoValue, node: IdentifierNode, args: ArgNode[], final: GoValue, hasFinal: boolean, cmd: CommandNode | IdentifierNode): GoValue {
    const def = this.funcs.get(node.ident)
    if (!def) this.errorf(`${JSON.stringify(node.ident)} is not a defined function`)
    return this.evalCall(dot, def, node.ident, args, final, hasFinal, cmd)
  }

  /** `site` is where Go reports a failing call: the whole command for a function, the field for a method. */
  private evalCall(dot: GoValue, def: FuncDef, name: string, args: ArgNode[], final: GoValue, hasFinal: boolean, site: ArgNode | CommandNode): GoValue {
    const argNodes = args.slice(1)
    const numIn = argNodes.length + (hasFinal ? 1 : 0)
    const numFixed = def.params.length
    if (def.variadic) {
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numFixed} got ${numIn}`)
    } else if (numIn !== numFixed) {
      this.errorf(`wrong number of args for ${name}: want ${numFixed} got ${numIn}`)
    }
    const kindAt = (i: number): ParamKind => (i < numFixed ? def.params[i] : def.variadic!)
    // and/or evaluate their arguments lazily and stop at the first that decides.
    if (name === 'and' || name === 'or') {
      this.budget.step()
      let v: GoValue = NO_VALUE
      for (const a of argNodes) {
        v = this.evalArgValue(dot, a)
        if (isTrue(v) === (name === 'or')) return v
      }
      if (hasFinal) v = final
      return v
    }
    if (def.nondeterministic) this.opts.onNondeterministic?.(name)
    const values: GoValue[] = argNodes.map((a, i) => this.evalArg(dot, kindAt(i), a))
    if (hasFinal) values.push(this.validateType(final, kindAt(numIn - 1)))
    const spent = this.budget.bytes
    try {
      // A call is a step, plus its price (the expensive functions), plus the reading of its strings.
      const price = typeof def.cost === 'function' ? def.cost(values) : (def.cost ?? 0)
      this.budget.step(1 + price + Math.floor(stringBytes(values) / BYTES_PER_STEP))
      const out = def.fn(this.opts.context, ...values)
      // What the function did not charge itself, it is charged for here; an argument handed back costs nothing.
      if (!values.includes(out)) {
        const unpaid = shallowSize(out) - (this.budget.bytes - spent)
        if (unpaid > 0) this.budget.alloc(unpaid)
      }
      return out
    } catch (e) {
      this.at(site, argString(site))
      if (e instanceof BudgetExceeded) this.budgetError(e)
      if (e instanceof FuncError || e instanceof RangeError) this.errorf(`error calling ${name}: ${e.message}`, { name, message: e.message })
      if (e instanceof TemplateError) throw e
      // Go's engine turns a function's panic into this call's error; a JS failure inside a
      // function is this engine's bug, reported the same way (its text may quote data, so not it).
      this.errorf(`error calling ${name}: internal error in this engine's ${name} (please report it)`)
    }
  }

  /** An argument evaluated for an interface{}/reflect.Value parameter. */
  private evalArgValue(dot: GoValue, n: ArgNode): GoValue {
    this.at(n, argString(n))
    switch (n.type) {
      case 'dot':
        return dot
      case 'nil':
        return null
      case 'field':
        return this.evalFieldChain(dot, dot, this.dotIface, n.ident, [n], NO_VALUE, false)
      case 'variable': {
        const v = this.variable(n.ident[0])
        return n.ident.length === 1 ? v.value : this.evalFieldChain(dot, v.value, v.iface ?? false, n.ident.slice(1), [n], NO_VALUE, false)
      }
      case 'pipe':
        return this.evalPipeline(dot, n)
      case 'identifier': {
        const def = this.funcs.get(n.ident)!
        return this.evalCall(dot, def, n.ident, [n], NO_VALUE, false, n)
      }
      case 'chain': {
        const receiver = this.evalArgValue(dot, n.node)
        return this.evalFieldChain(dot, receiver, false, n.field, [n], NO_VALUE, false)
      }
      case 'bool':
        return n.value
      case 'string':
        return n.text
      case 'number':
        return this.idealConstant(n)
    }
  }

  private evalArg(dot: GoValue, kind: ParamKind, n: ArgNode): GoValue {
    this.at(n, argString(n))
    switch (n.type) {
      case 'dot':
      case 'field':
      case 'variable':
      case 'pipe':
      case 'identifier':
      case 'chain':
        return this.validateType(this.evalArgValue(dot, n), kind)
      case 'nil':
        if (kind === 'any' || kind === 'value') return null
        this.errorf(`cannot assign nil to ${kind}`)
    }
    switch (kind) {
      case 'value':
      case 'any':
        return this.evalArgValue(dot, n)
      case 'string':
        if (n.type === 'string') return n.text
        this.errorf(`expected string; found ${argString(n)}`)
      case 'bool':
        if (n.type === 'bool') return n.value
        this.errorf(`expected bool; found ${argString(n)}`)
      case 'int':
        if (n.type === 'number' && n.isInt) return n.int!
        this.errorf(`expected integer; found ${argString(n)}`)
      case 'float64':
        if (n.type === 'number' && n.isFloat) return n.float!
        this.errorf(`expected float; found ${argString(n)}`)
      case 'dict':
        this.errorf(`can't handle ${argString(n)} for arg of type map[string]interface {}`)
    }
  }

  private validateType(v: GoValue, kind: ParamKind): GoValue {
    if (v === undefined) {
      // No value becomes the zero value of a nil-able type (an empty map for dicts).
      if (kind === 'value') return NO_VALUE
      if (kind === 'any') return null
      if (kind === 'dict') return {}
      this.errorf(`invalid value; expected ${kind}`)
    }
    // A nil interface{} is not assignable to a concrete map type.
    if (v === null && kind === 'dict') this.errorf('wrong type for value; expected map[string]interface {}; got interface {}')
    const ok =
      kind === 'value' ||
      kind === 'any' ||
      (kind === 'string' && isGoString(v)) ||
      (kind === 'int' && typeof v === 'bigint') ||
      (kind === 'float64' && typeof v === 'number') ||
      (kind === 'bool' && typeof v === 'boolean') ||
      (kind === 'dict' && isMap(v) && !(v instanceof StringMap))
    if (!ok) this.errorf(`wrong type for value; expected ${kind === 'dict' ? 'map[string]interface {}' : kind}; got ${typeName(v)}`)
    return v
  }
}
