import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

/** A certificate authority and a server certificate it issued for 127.0.0.1, as PEM. */
export interface TestTls {
  /** The CA certificate: what a kubeconfig's `certificate-authority-data` carries. */
  caPem: string;
  /** The server's certificate (SAN `IP:127.0.0.1`, `DNS:localhost`) and its PKCS#8 key. */
  certPem: string;
  keyPem: string;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;

/**
 * A fresh test CA and a server certificate signed by it, made at start (P-256, valid from a day
 * ago for a day): clients verify TLS for real against the CA, with no skip-verify anywhere.
 */
export async function createTestTls(now = Date.now()): Promise<TestTls> {
  x509.cryptoProvider.set(webcrypto);
  const notBefore = new Date(now - DAY);
  const notAfter = new Date(now + DAY);
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=trailmark fake kube CA',
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: 'CN=kube-apiserver',
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingKey: caKeys.privateKey,
    publicKey: serverKeys.publicKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return {
    caPem: ca.toString('pem'),
    certPem: cert.toString('pem'),
    keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

/** Options of {@link kubeconfigYaml}. */
export interface KubeconfigSpec {
  server: string;
  caPem: string;
  token: string;
  /** Context, cluster and user name (default `fake`). */
  context?: string;
}

/** A kubeconfig with the CA inline (`certificate-authority-data`) and a bearer token. */
export function kubeconfigYaml(spec: KubeconfigSpec): string {
  const name = spec.context ?? 'fake';
  const ca = Buffer.from(spec.caPem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${spec.server}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${name}`,
    '  user:',
    `    token: ${spec.token}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}
