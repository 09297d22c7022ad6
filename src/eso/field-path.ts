// JSON pointers from schema validation as Kubernetes field paths, and the field a read is named by.

/** `/spec/data/0/remoteRef` → `spec.data[0].remoteRef` */
export function fieldPathOf(pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  if (extra !== undefined) parts.push(extra)
  let out = ''
  for (const p of parts) {
    if (/^\d+$/.test(p)) out += `[${p}]`
    else if (/^[A-Za-z_][\w-]*$/.test(p)) out += out ? `.${p}` : p
    else out += `[${JSON.stringify(p)}]`
  }
  return out
}

/** The field a read's failures are reported at: the key that names the Vault path (a find: the find). */
export function keyField(read: { source: 'data' | 'extract' | 'find'; fieldPath: string }): string {
  if (read.source === 'find') return read.fieldPath
  return read.source === 'data' ? `${read.fieldPath}.remoteRef.key` : `${read.fieldPath}.key`
}
