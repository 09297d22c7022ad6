// certLogin against the Vault-compatible server over HTTPS with a PKI made here (node-forge): the path
// (default mount "cert") and `{name}` body, a login over mutual TLS, and the cert method's refusals
// (unknown certificate or name, none, expired, wrong key usage, plain HTTP) without the private key.

import { test, before } from 'node:test'
import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import forge from 'node-forge'
import { certLogin } from '../../../src/vault/auth/cert.ts'
import { ConnectionPool, type ClientOptions, type VaultConnection } from '../../../src/vault/client.ts'
import { CLIENT, loggedIn, loginLines, lookupSelf, refusal, refused, withVault } from './harness.ts'

interface Issued {
  certPem: string
  keyPem: string
  cert: forge.pki.Certificate
  key: forge.pki.rsa.PrivateKey
}

const DAY = 86_400_000

/** A certificate for `cn` (a self-signed CA without `issuer`); node:crypto makes the key, forge the certificate. */
function issue(o: { cn: string; serial: string; ca?: boolean; issuer?: Issued; eku?: 'client' | 'server'; ip?: string; from?: number; to?: number }): Issued {
  const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey
  const cert = forge.pki.createCertificate()
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e)
  cert.serialNumber = o.serial
  cert.validity.notBefore = new Date(Date.now() + (o.from ?? -DAY))
  cert.validity.notAfter = new Date(Date.now() + (o.to ?? DAY))
  cert.setSubject([{ name: 'commonName', value: o.cn }])
  cert.setIssuer((o.issuer?.cert ?? cert).subject.attributes)
  const ext: object[] = [{ name: 'subjectKeyIdentifier' }]
  if (o.ca) ext.push({ name: 'basicConstraints', cA: true, critical: true }, { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true })
  if (o.issuer) ext.push({ name: 'authorityKeyIdentifier', keyIdentifier: o.issuer.cert.generateSubjectKeyIdentifier().getBytes() })
  if (o.eku) ext.push({ name: 'extKeyUsage', clientAuth: o.eku === 'client', serverAuth: o.eku === 'server' })
  if (o.ip) ext.push({ name: 'subjectAltName', altNames: [{ type: 7, ip: o.ip }] })
  cert.setExtensions(ext)
  cert.sign(o.issuer?.key ?? key, forge.md.sha256.create())
  return { certPem: forge.pki.certificateToPem(cert), keyPem, cert, key }
}

let serverCa: Issued
let server: Issued
let clientCa: Issued
let client: Issued
let pinned: Issued
let outsider: Issued
let expired: Issued
let serverOnly: Issued

before(() => {
  serverCa = issue({ cn: 'eso-render test server CA', serial: '01', ca: true })
  server = issue({ cn: '127.0.0.1', serial: '02', issuer: serverCa, eku: 'server', ip: '127.0.0.1' })
  clientCa = issue({ cn: 'eso-render test clients CA', serial: '10', ca: true })
  client = issue({ cn: 'app.example', serial: '1234', issuer: clientCa, eku: 'client' })
  pinned = issue({ cn: 'pinned.example', serial: '5678', issuer: clientCa, eku: 'client' })
  expired = issue({ cn: 'old.example', serial: '0199', issuer: clientCa, eku: 'client', from: -3 * DAY, to: -DAY })
  serverOnly = issue({ cn: 'server-only.example', serial: '0198', issuer: clientCa, eku: 'server' })
  const outsiderCa = issue({ cn: 'someone else', serial: '20', ca: true })
  outsider = issue({ cn: 'app.example', serial: '1234', issuer: outsiderCa, eku: 'client' })
})

const seed = () => {
  const certs = { web: { certificate: clientCa.certPem, tokenTtl: 300, tokenNumUses: 7 }, pinned: { certificate: pinned.certPem } }
  return { $server: { auth: { cert: { type: 'cert', certs }, mtls: { type: 'cert', certs: { web: { certificate: clientCa.certPem } } } } } }
}

async function withMtls(fn: (conn: (who?: Issued) => VaultConnection, client: ClientOptions, v: Parameters<Parameters<typeof withVault>[1]>[0]) => Promise<void>): Promise<void> {
  const pool = new ConnectionPool()
  try {
    await withVault(
      seed(),
      async (v) => fn((who) => ({ address: v.url, caPem: serverCa.certPem, ...(who ? { clientCert: { certPem: who.certPem, keyPem: who.keyPem } } : {}) }), { ...CLIENT, connections: pool }, v),
      {
        tls: { cert: server.certPem, key: server.keyPem },
      },
    )
  } finally {
    pool.close()
  }
}

/** The private keys' base64 lines: none may appear anywhere. */
const keyLines = (...who: Issued[]) => who.flatMap((w) => w.keyPem.split('\n').filter((l) => l && !l.startsWith('-----')))
const what = (mount: string) => `cert login at auth/${mount}`

test('certLogin builds POST auth/<path>/login: the mount defaults to cert, {name} only when a role is named', () => {
  const cases: [Parameters<typeof certLogin>[0], string, Record<string, string>][] = [
    [{}, 'auth/cert/login', {}],
    [{ path: '' }, 'auth/cert/login', {}],
    [{ vaultRole: '' }, 'auth/cert/login', {}],
    [{ vaultRole: 'web' }, 'auth/cert/login', { name: 'web' }],
    [{ path: 'mtls', vaultRole: 'web', namespace: 'team-a' }, 'auth/mtls/login', { name: 'web' }],
  ]
  for (const [input, path, body] of cases) assert.deepEqual(certLogin(input), { method: 'cert', path, body, namespace: input.namespace }, JSON.stringify(input))
})

const successes: { name: string; input: Parameters<typeof certLogin>[0]; who: () => Issued; mount: string; entry: string; cn: string; serial: string; ttl: number; uses: number }[] = [
  { name: 'the default mount, no name: the CA entry the certificate chains to', input: {}, who: () => client, mount: 'cert', entry: 'web', cn: 'app.example', serial: '4660', ttl: 300, uses: 7 },
  { name: 'a role named: {name: web}', input: { vaultRole: 'web' }, who: () => client, mount: 'cert', entry: 'web', cn: 'app.example', serial: '4660', ttl: 300, uses: 7 },
  {
    name: 'a pinned leaf entry, by name',
    input: { vaultRole: 'pinned' },
    who: () => pinned,
    mount: 'cert',
    entry: 'pinned',
    cn: 'pinned.example',
    serial: '22136',
    ttl: 2764800,
    uses: 0,
  },
  { name: 'another mount path', input: { path: 'mtls' }, who: () => client, mount: 'mtls', entry: 'web', cn: 'app.example', serial: '4660', ttl: 2764800, uses: 0 },
]

for (const c of successes) {
  test(`cert login over mTLS: ${c.name}`, async () => {
    await withMtls(async (conn, clientOptions, v) => {
      const who = c.who()
      const t = await loggedIn(v, conn(who), certLogin(c.input), what(c.mount), keyLines(who), clientOptions)
      assert.match(t.token, /^hvs\./)
      assert.deepEqual({ ttl: t.ttlSeconds, uses: t.numUses, renewable: t.renewable }, { ttl: c.ttl, uses: c.uses, renewable: true })
      const minted = `login:${c.mount}/${c.entry}#1`
      assert.deepEqual(loginLines(v), [{ method: 'POST', path: `auth/${c.mount}/login`, status: 200, identity: 'none', login: { mount: c.mount, role: c.entry, minted } }])
      const self = await lookupSelf(conn(), t.token)
      const meta = self.meta as Record<string, string>
      assert.deepEqual([meta.cert_name, meta.common_name, meta.serial_number], [c.entry, c.cn, c.serial])
    })
  })
}

// The connection's own pool presents the client certificate (found missing by this test, now fixed).
test('cert login with the certificate on the connection (VaultConnection.clientCert, as the pipeline passes it) presents it in the TLS handshake', async () => {
  await withVault(
    seed(),
    async (v) => {
      const t = await loggedIn(v, { address: v.url, caPem: serverCa.certPem, clientCert: { certPem: client.certPem, keyPem: client.keyPem } }, certLogin({}), what('cert'), keyLines(client))
      assert.match(t.token, /^hvs\./)
    },
    { tls: { cert: server.certPem, key: server.keyPem } },
  )
})

const refusals: { name: string; input: Parameters<typeof certLogin>[0]; who?: () => Issued; status: number; text: string | RegExp }[] = [
  { name: 'a certificate from an unknown CA', input: {}, who: () => outsider, status: 400, text: 'invalid certificate or no client certificate supplied' },
  { name: 'a trusted certificate, a name the mount does not have', input: { vaultRole: 'nope' }, who: () => client, status: 400, text: 'invalid certificate or no client certificate supplied' },
  { name: 'a trusted certificate, the name of a pinned leaf it is not', input: { vaultRole: 'pinned' }, who: () => client, status: 400, text: 'invalid certificate or no client certificate supplied' },
  { name: 'no client certificate', input: {}, status: 400, text: 'client certificate must be supplied' },
  {
    name: 'an expired client certificate',
    input: {},
    who: () => expired,
    status: 500,
    text: /^failed to verify client's certificate: x509: certificate has expired or is not yet valid: current time \S+Z is after \S+Z$/,
  },
  { name: 'a certificate not for client auth', input: {}, who: () => serverOnly, status: 500, text: "failed to verify client's certificate: x509: certificate specifies an incompatible key usage" },
]

for (const c of refusals) {
  test(`cert refused: ${c.name}: ${c.status}`, async () => {
    await withMtls(async (conn, clientOptions, v) => {
      const who = c.who?.()
      const e = await refused(v, conn(who), certLogin(c.input), what('cert'), who ? keyLines(who) : [], clientOptions)
      const prefix = refusal(what('cert'), 'auth/cert/login', c.status, '')
      assert.ok(e.message.startsWith(prefix), e.message)
      if (typeof c.text === 'string') assert.equal(e.message.slice(prefix.length), c.text)
      else assert.match(e.message.slice(prefix.length), c.text)
      assert.equal(v.mintedTokens().length, 0)
    })
  })
}

test('cert refused over plain HTTP: 400 tls connection required', async () => {
  await withVault(seed(), async (v) => {
    const e = await refused(v, { address: v.url }, certLogin({}), what('cert'), [])
    assert.equal(e.message, refusal(what('cert'), 'auth/cert/login', 400, 'tls connection required'))
  })
})

test('an untrusted server certificate: AUTH_FAILED names the TLS failure and the fix, and Vault never sees the login', async () => {
  await withMtls(async (conn, clientOptions, v) => {
    const e = await refused(v, { ...conn(client), caPem: undefined }, certLogin({}), what('cert'), keyLines(client), clientOptions)
    assert.match(
      e.message,
      /^cannot log in to Vault with cert login at auth\/cert: POST \/v1\/auth\/cert\/login: TLS verification of https:\/\/127\.0\.0\.1:\d+ failed \(\w+\); set the store's caBundle/,
    )
    assert.equal(v.requests.length, 0)
  })
})
