import { sign } from 'node:crypto';
import forge from 'node-forge';

/** Exported by node-forge's pki (x509.js) but missing from @types/node-forge. */
const getTbsCertificate = (
  forge.pki as unknown as {
    getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1;
  }
).getTBSCertificate;

/**
 * `cert.sign(key, sha256)` with the RSA operation done by node:crypto. forge's pure-JS RSA is slow,
 * and much slower on Node >= 21, whose global `navigator` makes forge's jsbn pick its slowest
 * multiply (around 2 s per signature under Jest). RSASSA-PKCS1-v1_5 is deterministic, so the
 * certificate bytes are exactly those forge would produce.
 */
export function signCertificateSha256(
  cert: forge.pki.Certificate,
  privateKeyPem: string,
): void {
  // the same steps as forge's cert.sign, so cert.md / siginfo / tbsCertificate are set alike
  cert.md = forge.md.sha256.create();
  cert.signatureOid = forge.pki.oids.sha256WithRSAEncryption;
  cert.siginfo.algorithmOid = cert.signatureOid;
  cert.tbsCertificate = getTbsCertificate(cert);
  const tbsDer = forge.asn1.toDer(cert.tbsCertificate).getBytes();
  cert.md.update(tbsDer);
  cert.signature = sign(
    'sha256',
    Buffer.from(tbsDer, 'binary'),
    privateKeyPem,
  ).toString('binary');
}
