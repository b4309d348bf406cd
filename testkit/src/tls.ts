import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireBinary } from './binaries';

export interface CertificateSet {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync(requireBinary('openssl'), args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A self-signed CA (EC P-256: fast to generate), valid for two days, named `name` so two CAs differ visibly. */
export function generateCa(dir: string, name = 'ca'): { cert: string; key: string } {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'].concat([
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      `/CN=redis-lens test ${name}`,
    ]),
    dir,
  );
  return { cert, key };
}

function issue(dir: string, ca: { cert: string; key: string }, name: string, extensions: string) {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.crt`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl(
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'].concat([
      '-keyout',
      key,
      '-subj',
      `/CN=redis-lens test ${name}`,
      '-out',
      csr,
    ]),
    dir,
  );
  openssl(
    ['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '2', '-sha256'].concat([
      '-extfile',
      ext,
      '-out',
      cert,
    ]),
    dir,
  );
  return { cert, key };
}

/** CA, a server certificate for 127.0.0.1/localhost, and a client certificate (for mTLS), all signed by the CA. */
export function generateCertificates(dir: string): CertificateSet {
  const ca = generateCa(dir, 'ca');
  const server = issue(
    dir,
    ca,
    'server',
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n',
  );
  const client = issue(dir, ca, 'client', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caCert: ca.cert,
    caKey: ca.key,
    serverCert: server.cert,
    serverKey: server.key,
    clientCert: client.cert,
    clientKey: client.key,
  };
}
