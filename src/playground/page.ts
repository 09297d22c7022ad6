/// <reference lib="dom" />
// The playground's page (the browser bundle's entry): two editors, the Secret as `eso-render render`
// writes it, live as you type, the decoded keys, errors marked at their line, the function
// reference, examples and links that carry the state in the URL fragment. Nothing is sent
// anywhere: the page's Content-Security-Policy forbids every request (scripts/build-playground.mjs).

import { useCompiledValidator } from '../eso/schema.ts'
import { loadTemplateEngine } from '../eso/template.ts'
import { loadYaml } from '../manifests/yaml.ts'
import { renderTemplate, type TemplateOptions } from '../template/index.ts'
import { BUILTINS } from '../template/funcs/builtin.ts'
import { ESO_FUNCS } from '../template/funcs/eso/index.ts'
import { FuncError, type FuncDef } from '../template/funcs/registry.ts'
import { SPRIG } from '../template/funcs/sprig/index.ts'
import { takeNodeOnlyCall } from './browser/node-crypto.ts'
import { EXAMPLES } from './examples.ts'
import { functionReference, searchReference, type FunctionEntry } from './reference.ts'
import { createRenderer, type PlaygroundError, type PlaygroundInput, type PlaygroundResult } from './render.ts'
import { decodeFragment, encodeFragment } from './share.ts'

// The ExternalSecret schema's validator, compiled ahead of time by the build (ajv's standalone code).
import validateExternalSecret from 'eso-render:external-secret-validator'

interface EsoRenderApi {
  render(input: PlaygroundInput): { secret: string; errors: PlaygroundError[] }
  /** The template engine alone (`eso-render/template`'s renderTemplate), as the page runs it. */
  renderTemplate(text: string, data: unknown, options?: TemplateOptions): { out?: string; error?: string }
  /** Milliseconds from the last input event to the result on the page, and of the render itself. */
  timing(): { inputToResultMs: number; renderMs: number; renders: number }
}

declare global {
  interface Window {
    esoRender: EsoRenderApi
  }
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T

/**
 * Functions that need Node's key objects (node:crypto through OpenSSL): reported as not available
 * here, however the function itself would have handled the failure.
 */
function markNodeOnly(defs: FuncDef[]): void {
  for (const def of defs) {
    const fn = def.fn
    def.fn = (ctx, ...args) => {
      takeNodeOnlyCall()
      try {
        const out = fn(ctx, ...args)
        const needed = takeNodeOnlyCall()
        if (needed) throw unavailable(def.name, needed)
        return out
      } catch (e) {
        const needed = takeNodeOnlyCall()
        if (needed) throw unavailable(def.name, needed)
        throw e
      }
    }
  }
}

const unavailable = (name: string, needed: string) =>
  new FuncError(`${name} is not available in the playground: it needs Node's crypto (${needed}), which a browser does not have; eso-render render runs it`)

async function start(): Promise<void> {
  useCompiledValidator('ExternalSecret', validateExternalSecret)
  // Made from the function tables before markNodeOnly wraps their functions (it tells variants by identity).
  const reference = functionReference()
  markNodeOnly([...BUILTINS, ...SPRIG, ...ESO_FUNCS])
  const renderer = createRenderer(await loadYaml(), await loadTemplateEngine())

  const esEditor = $<HTMLTextAreaElement>('external-secret')
  const dataEditor = $<HTMLTextAreaElement>('data')
  const secretOut = $<HTMLPreElement>('secret')
  const decodedOut = $<HTMLTableSectionElement>('decoded')
  const errorsOut = $<HTMLUListElement>('errors')
  const status = $<HTMLSpanElement>('status')
  let renders = 0
  let lastInputAt = 0
  let inputToResultMs = 0
  let renderMs = 0
  let scheduled = false

  const update = () => {
    const t0 = performance.now()
    const result = renderer.render({ externalSecret: esEditor.value, data: dataEditor.value })
    renderMs = performance.now() - t0
    show(result)
    renders++
    secretOut.dataset.renders = String(renders)
    if (lastInputAt) inputToResultMs = performance.now() - lastInputAt
  }

  const show = (result: PlaygroundResult) => {
    secretOut.textContent = result.secret || '# no Secret: see the errors'
    secretOut.classList.toggle('failed', !result.secret)
    decodedOut.replaceChildren(
      ...result.decoded.map((d) => {
        const row = document.createElement('tr')
        const key = document.createElement('td')
        key.textContent = d.key
        const value = document.createElement('td')
        const pre = document.createElement('pre')
        pre.textContent = d.text ?? `(${d.bytes} bytes, not UTF-8) base64: ${d.base64}`
        value.append(pre)
        row.append(key, value)
        return row
      }),
    )
    errorsOut.replaceChildren(
      ...[...result.errors.map((e) => ({ ...e, kind: 'error' })), ...result.notices.map((n) => ({ message: n, kind: 'warning' }) as PlaygroundError & { kind: string })].map((e) => {
        const li = document.createElement('li')
        li.className = e.kind
        if (e.line !== undefined) {
          const at = document.createElement('button')
          at.type = 'button'
          at.textContent = `${e.editor === 'data' ? 'data' : 'ExternalSecret'} ${e.line}:${e.column ?? 1}`
          at.addEventListener('click', () => selectAt(e.editor === 'data' ? dataEditor : esEditor, e.line!, e.column ?? 1))
          li.append(at, ' ')
        }
        li.append(e.message)
        return li
      }),
    )
    status.textContent = result.errors.length
      ? `${result.errors.length} error${result.errors.length === 1 ? '' : 's'}`
      : result.nonDeterministic
        ? 'rendered: not deterministic (random or clock)'
        : 'rendered'
    status.className = result.errors.length ? 'bad' : result.nonDeterministic ? 'warn' : 'ok'
    mark(
      esEditor,
      $('external-secret-gutter'),
      result.errors.filter((e) => e.editor !== 'data'),
    )
    mark(
      dataEditor,
      $('data-gutter'),
      result.errors.filter((e) => e.editor === 'data'),
    )
  }

  const schedule = () => {
    lastInputAt = performance.now()
    if (scheduled) return
    scheduled = true
    // One render per frame however fast the keys come.
    requestAnimationFrame(() => {
      scheduled = false
      update()
    })
  }
  for (const editor of [esEditor, dataEditor]) {
    editor.addEventListener('input', schedule)
    editor.addEventListener('scroll', () => syncGutter(editor))
  }

  // Examples and shared state.
  const examples = $<HTMLSelectElement>('examples')
  for (const ex of EXAMPLES) examples.append(new Option(ex.title, ex.id))
  const load = (es: string, data: string) => {
    esEditor.value = es
    dataEditor.value = data
    update()
  }
  examples.addEventListener('change', () => {
    const ex = EXAMPLES.find((e) => e.id === examples.value)
    if (ex) load(ex.externalSecret, ex.data)
  })
  const fromLink = () => {
    const shared = decodeFragment(location.hash)
    if (shared) load(shared.externalSecret, shared.data ?? '# the link did not include the data: add the provider data here\n')
    return shared !== undefined
  }
  if (!fromLink()) load(EXAMPLES[0].externalSecret, EXAMPLES[0].data)
  // A link pasted into this tab changes only the fragment: no reload, so it is read here.
  window.addEventListener('hashchange', fromLink)

  const includeData = $<HTMLInputElement>('include-data')
  const link = $<HTMLInputElement>('link')
  $('share').addEventListener('click', () => {
    const fragment = encodeFragment({ externalSecret: esEditor.value, data: dataEditor.value }, includeData.checked)
    history.replaceState(null, '', fragment)
    link.value = location.href
    link.hidden = false
    link.select()
  })

  // The function reference.
  const search = $<HTMLInputElement>('search')
  const table = $<HTMLTableSectionElement>('functions')
  const count = $<HTMLSpanElement>('function-count')
  const list = (entries: FunctionEntry[]) => {
    count.textContent = `${entries.length} of ${reference.length}`
    table.replaceChildren(
      ...entries.map((e) => {
        const row = document.createElement('tr')
        const cells = [e.name, e.family, e.signature, [e.variantOf ? `same as ${e.variantOf}` : '', e.nondeterministic ? 'differs on every render' : ''].filter(Boolean).join('; ')]
        for (const text of cells) {
          const td = document.createElement('td')
          td.textContent = text
          row.append(td)
        }
        return row
      }),
    )
  }
  search.addEventListener('input', () => list(searchReference(reference, search.value)))
  list(reference)

  window.esoRender = {
    render: (input) => {
      const result = renderer.render(input)
      return { secret: result.secret, errors: result.errors.map(({ message, line, column }) => ({ message, ...(line === undefined ? {} : { line, column }) })) }
    },
    renderTemplate: (text, data, options) => {
      try {
        return { out: renderTemplate(text, data, options) }
      } catch (err) {
        return { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }
      }
    },
    timing: () => ({ inputToResultMs, renderMs, renders }),
  }
  document.body.dataset.ready = 'true'
}

/** Line numbers beside an editor, the lines with errors marked (their messages as the title). */
function mark(editor: HTMLTextAreaElement, gutter: HTMLElement, errors: PlaygroundError[]): void {
  const lines = editor.value.split('\n').length
  const at = new Map<number, string[]>()
  for (const e of errors) if (e.line !== undefined) at.set(e.line, [...(at.get(e.line) ?? []), `${e.line}:${e.column ?? 1} ${e.message}`])
  const items: HTMLElement[] = []
  for (let i = 1; i <= lines; i++) {
    const div = document.createElement('div')
    div.textContent = String(i)
    const messages = at.get(i)
    if (messages) {
      div.className = 'error-line'
      div.title = messages.join('\n')
    }
    items.push(div)
  }
  gutter.replaceChildren(...items)
  syncGutter(editor)
}

function syncGutter(editor: HTMLTextAreaElement): void {
  const gutter = document.getElementById(`${editor.id}-gutter`)
  if (gutter) gutter.scrollTop = editor.scrollTop
}

/** Puts the caret at a line and column (1-based) and selects the rest of that line. */
function selectAt(editor: HTMLTextAreaElement, line: number, column: number): void {
  const lines = editor.value.split('\n')
  let offset = 0
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1
  const lineText = lines[line - 1] ?? ''
  const from = offset + Math.min(column - 1, lineText.length)
  editor.focus()
  editor.setSelectionRange(from, offset + lineText.length)
}

start().catch((err: unknown) => {
  // The console stays in this page; nothing is sent anywhere.
  console.error(err)
  const status = document.getElementById('status')
  if (status) {
    status.textContent = 'the playground failed to start'
    status.className = 'bad'
  }
})
