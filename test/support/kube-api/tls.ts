// The serving certificate: a throwaway CA and a server certificate it signs, made with the openssl CLI
// (as test/vault-server does), with the SANs a kube-apiserver certificate carries (127.0.0.1, ::1,
// localhost, kubernetes, kubernetes.default, kubernetes.default.svc, kubernetes.default.svc.cluster.local).

import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface ServingCert {
  caPem: string
  certPem: string
  keyPem: string
}

const SANS = ['IP:127.0.0.1', 'IP:::1', 'DNS:localhost', 'DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc', 'DNS:kubernetes.default.svc.cluster.local']
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']

export async function makeServingCert(): Promise<ServingCert> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-api-tls-'))
  const f = (name: string) => join(dir, name)
  try {
    await run('openssl', [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      f('ca.key'),
      '-out',
      f('ca.crt'),
      '-days',
      '2',
      '-subj',
      '/CN=kube-api-test-ca',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
    ])
    await run('openssl', ['req', ...EC, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=kube-apiserver'])
    await writeFile(f('ext.cnf'), `subjectAltName=${SANS.join(',')}\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`)
    await run('openssl', ['x509', '-req', '-in', f('server.csr'), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-set_serial', '2', '-days', '2', '-out', f('server.crt'), '-extfile', f('ext.cnf')])
    const [caPem, certPem, keyPem] = await Promise.all(['ca.crt', 'server.crt', 'server.key'].map((n) => readFile(f(n), 'utf8')))
    return { caPem, certPem, keyPem }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
