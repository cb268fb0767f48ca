import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { signCertificateSha256 } from '../../tls/signCertificate';

export interface CertificatePair {
  certPem: string;
  keyPem: string;
}

/**
 * A per-run self-signed server certificate for 127.0.0.1 / localhost. The RSA key comes from
 * node:crypto (native, fast); node-forge only assembles the X.509 structure, node:crypto signs it.
 */
export function selfSignedCertificate(
  commonName = 'fleet-sim-vault',
): CertificatePair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 60_000);
  cert.validity.notAfter = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: commonName }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      keyCertSign: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 7, ip: '127.0.0.1' },
        { type: 2, value: 'localhost' },
      ],
    },
  ]);
  signCertificateSha256(cert, keyPem);
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}
