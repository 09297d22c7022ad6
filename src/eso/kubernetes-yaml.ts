// Plain YAML scalars as Kubernetes reads them. kubectl, Helm, Argo CD and Flux turn a manifest into
// JSON with sigs.k8s.io/yaml (YAMLToJSON): go-yaml v2 decodes it into interface{} values by its
// resolver (go/yaml.ts resolvePlain), and the map keys become JSON keys by sigs.k8s.io/yaml's
// convertToJSONableObject. The API server, and so ESO, only ever sees that JSON. The `yaml`
// library's YAML 1.1 regexps differ on a few plain scalars: `.` and `e9` are floats there and
// strings here, `0o17` and `08` are strings there and numbers here, `1:20` is a base-60 integer
// there and a string here, and float keys print as Go prints a float32 (`1e6:` is "1e+06").

import { RenderError } from '../errors.ts'
import { formatFloat32 } from '../go/strconv.ts'
import { resolvePlain } from '../go/yaml.ts'
import type { PlainScalars } from '../manifests/yaml.ts'

/** A value as go-yaml v2 decodes a plain scalar into interface{} (numbers as JSON numbers; NaN and ±Inf kept for the caller to refuse). */
function value(source: string): unknown {
  const r = resolvePlain(source)
  switch (r.tag) {
    case 'bool':
    case 'null':
      return r.value
    case 'int':
    case 'float':
      // JSON numbers: past 2^53 only the type matters to ESO's schema (a number where a string belongs).
      return Number(r.value)
    default:
      // Strings, timestamps (go-yaml v2 keeps them as text in interface{}) and `<<` as a value.
      return source
  }
}

/**
 * A plain key as a JSON key: sigs.k8s.io/yaml writes ints in decimal, floats with
 * strconv.FormatFloat(f, 'g', -1, 32) (±Inf and NaN as `.inf`, `-.inf`, `.nan`), booleans as
 * true/false, and refuses a null or uint64 key ("unsupported map key of type").
 */
function key(source: string): string {
  const r = resolvePlain(source)
  switch (r.tag) {
    case 'bool':
      return String(r.value)
    case 'int':
      if (r.unsigned)
        throw new RenderError(
          'INPUT_INVALID',
          'invalid YAML: a mapping key is an integer past 2^63, which Kubernetes cannot read as a key (sigs.k8s.io/yaml: unsupported map key of type uint64); quote it',
        )
      return String(r.value)
    case 'float': {
      // As a float32, so past 3.4e38 it is infinite too.
      const s = formatFloat32(r.value as number, 'g', -1)
      return s === '+Inf' ? '.inf' : s === '-Inf' ? '-.inf' : s === 'NaN' ? '.nan' : s
    }
    case 'null':
      throw new RenderError('INPUT_INVALID', 'invalid YAML: a mapping key is null (empty, `~` or `null`), which Kubernetes cannot read as a key (sigs.k8s.io/yaml: unsupported map key); quote it')
    default:
      return source
  }
}

/** go-yaml v2's plain scalars and sigs.k8s.io/yaml's JSON keys, for Item.object(). */
export const KUBERNETES_SCALARS: PlainScalars = { value, key }
