// Kubernetes label selectors (metav1.LabelSelector) as the API machinery reads them:
// metav1.LabelSelectorAsSelector turns one into requirements (k8s.io/apimachinery
// pkg/apis/meta/v1/helpers.go), labels.NewRequirement validates each (pkg/labels/selector.go), and
// Requirement.Matches decides. A nil selector matches nothing, an empty one everything; matchLabels
// and matchExpressions are ANDed; NotIn and DoesNotExist match an object without the key. Knows
// nothing of ESO.

import { labelValueProblems, qualifiedNameProblems } from './validation.ts'

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: { key: string; operator: string; values?: string[] }[]
}

type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'

interface Requirement {
  key: string
  operator: Operator | 'Equals'
  values: string[]
}

/** A selector ready to match, or the problems that make LabelSelectorAsSelector refuse it (each with its field, relative to the selector). */
export type CompiledSelector = { matches: (labels: Readonly<Record<string, string>>) => boolean } | { problems: { field: string; message: string }[] }

const OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist'])

/**
 * LabelSelectorAsSelector: `null`/`undefined` is labels.Nothing(), `{}` labels.Everything().
 * Unlike Go, which stops at the first bad requirement, every problem is reported.
 */
export function compileSelector(selector: LabelSelector | null | undefined): CompiledSelector {
  if (selector === null || selector === undefined) return { matches: () => false }
  const matchLabels = Object.entries(selector.matchLabels ?? {})
  const expressions = selector.matchExpressions ?? []
  if (!matchLabels.length && !expressions.length) return { matches: () => true }
  const problems: { field: string; message: string }[] = []
  const requirements: Requirement[] = []
  for (const [key, value] of matchLabels) {
    const field = `matchLabels[${JSON.stringify(key)}]`
    for (const m of qualifiedNameProblems(key)) problems.push({ field, message: `key ${JSON.stringify(key)}: ${m}` })
    for (const m of labelValueProblems(value)) problems.push({ field, message: `value ${JSON.stringify(value)}: ${m}` })
    requirements.push({ key, operator: 'Equals', values: [value] })
  }
  expressions.forEach((e, i) => {
    const field = `matchExpressions[${i}]`
    if (!OPERATORS.has(e.operator)) {
      // LabelSelectorAsSelector's own words, before any requirement is built.
      problems.push({ field: `${field}.operator`, message: `${JSON.stringify(e.operator)} is not a valid label selector operator (In, NotIn, Exists, DoesNotExist)` })
      return
    }
    const operator = e.operator as Operator
    const values = e.values ?? []
    for (const m of qualifiedNameProblems(e.key)) problems.push({ field: `${field}.key`, message: `${JSON.stringify(e.key)}: ${m}` })
    if ((operator === 'In' || operator === 'NotIn') && !values.length) problems.push({ field: `${field}.values`, message: "for 'in', 'notin' operators, values set can't be empty" })
    if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length) problems.push({ field: `${field}.values`, message: 'values set must be empty for exists and does not exist' })
    values.forEach((v, j) => {
      for (const m of labelValueProblems(v)) problems.push({ field: `${field}.values[${j}]`, message: `${JSON.stringify(v)}: ${m}` })
    })
    requirements.push({ key: e.key, operator, values: [...values] })
  })
  if (problems.length) return { problems }
  return { matches: (labels) => requirements.every((r) => requirementMatches(r, labels)) }
}

/** Requirement.Matches. */
function requirementMatches(r: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key)
  switch (r.operator) {
    case 'Equals':
    case 'In':
      return has && r.values.includes(labels[r.key])
    case 'NotIn':
      return !has || !r.values.includes(labels[r.key])
    case 'Exists':
      return has
    case 'DoesNotExist':
      return !has
  }
}
