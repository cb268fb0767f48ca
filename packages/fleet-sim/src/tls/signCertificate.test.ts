import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { signCertificateSha256 } from './signCertificate';

function unsignedCertificate(publicKeyPem: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = '01ab';
  cert.validity.notBefore = new Date('2026-01-01T00:00:00Z');
  cert.validity.notAfter = new Date('2027-01-01T00:00:00Z');
  const subject = [{ name: 'commonName', value: 'sign-test' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  return cert;
}

describe('signCertificateSha256', () => {
  // 1024 bits keeps forge's own (pure-JS) signing in the comparison quick; the size is irrelevant to it
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 1024,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });

  it("produces the same certificate bytes as forge's own cert.sign", () => {
    const native = unsignedCertificate(publicKey);
    signCertificateSha256(native, privateKey);
    const byForge = unsignedCertificate(publicKey);
    byForge.sign(
      forge.pki.privateKeyFromPem(privateKey),
      forge.md.sha256.create(),
    );
    expect(forge.pki.certificateToPem(native)).toBe(
      forge.pki.certificateToPem(byForge),
    );
  }, 30_000);

  it('yields a certificate that node and forge both verify', () => {
    const cert = unsignedCertificate(publicKey);
    signCertificateSha256(cert, privateKey);
    const pem = forge.pki.certificateToPem(cert);
    const x509 = new X509Certificate(pem);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.subject).toBe('CN=sign-test');
    expect(forge.pki.certificateFromPem(pem).verify(cert)).toBe(true);
  });
});
