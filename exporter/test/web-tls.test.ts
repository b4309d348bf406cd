import { mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { SecureVersion, TLSSocket } from 'node:tls';
import {
  generateCertificates,
  removeDir,
  startRedis,
  tempDir,
  type CertificateSet,
  type RedisServer,
} from '@redis-lens/testkit';
import type { RunningExporter } from '../src/service';
import { startTestExporter } from './helpers';

interface ClientOptions {
  cert?: string;
  key?: string;
  maxVersion?: SecureVersion;
}

/** One HTTPS GET on a fresh connection (no agent reuse), trusting the test CA; rejects if TLS refuses. */
function httpsGet(
  url: string,
  ca: string,
  client: ClientOptions = {},
): Promise<{ status: number; body: string; protocol: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent: false,
        ca: readFileSync(ca),
        servername: 'localhost',
        cert: client.cert ? readFileSync(client.cert) : undefined,
        key: client.key ? readFileSync(client.key) : undefined,
        maxVersion: client.maxVersion,
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body,
            protocol: (res.socket as TLSSocket).getProtocol() ?? '',
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** The error a refused request ends with, as `code: message`. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return `${e.code}: ${e.message}`;
  }
  throw new Error('expected the request to be refused');
}

describe('exporter web endpoint TLS: client certificates (mTLS) and minimum version', () => {
  let redis: RedisServer;
  let certs: CertificateSet;
  let otherCerts: CertificateSet;
  const dir = tempDir('exporter-web-tls');
  const running: RunningExporter[] = [];

  const start = async (args: string[]) => {
    const exporter = await startTestExporter([
      '--redis.addr',
      redis.url(),
      '--web.tls-cert-file',
      certs.serverCert,
      '--web.tls-key-file',
      certs.serverKey,
      ...args,
    ]);
    running.push(exporter);
    return exporter;
  };

  beforeAll(async () => {
    redis = await startRedis();
    certs = generateCertificates(dir);
    const otherDir = join(dir, 'other');
    mkdirSync(otherDir);
    otherCerts = generateCertificates(otherDir);
  });
  afterAll(async () => {
    for (const r of running) await r.stop();
    await redis?.stop();
    removeDir(dir);
  });

  describe('--web.tls-client-ca-cert-file', () => {
    let exporter: RunningExporter;
    beforeAll(async () => {
      exporter = await start(['--web.tls-client-ca-cert-file', certs.caCert]);
    });

    it('answers a client presenting a certificate the CA signed', async () => {
      const res = await httpsGet(`${exporter.url}/metrics`, certs.caCert, {
        cert: certs.clientCert,
        key: certs.clientKey,
      });
      expect(res.status).toBe(200);
      expect(res.body).toContain('\nredis_up 1');
    });

    it('refuses the TLS handshake without a client certificate, on every path', async () => {
      for (const path of ['/metrics', '/health']) {
        // TLS 1.3: the alert follows the client's Finished, so a reset may overtake it.
        expect(await refusal(httpsGet(`${exporter.url}${path}`, certs.caCert))).toMatch(
          /CERTIFICATE_REQUIRED|ECONNRESET|socket hang up/i,
        );
      }
    });

    it('refuses a client certificate from another CA', async () => {
      const refused = await refusal(
        httpsGet(`${exporter.url}/metrics`, certs.caCert, { cert: otherCerts.clientCert, key: otherCerts.clientKey }),
      );
      // Node checks the chain after the handshake and drops the connection, so the client sees a reset.
      expect(refused).toMatch(/UNKNOWN_CA|unknown ca|ECONNRESET|socket hang up/i);
      // The refusals cost nothing: the next client with the right certificate is served.
      const ok = await httpsGet(`${exporter.url}/metrics`, certs.caCert, {
        cert: certs.clientCert,
        key: certs.clientKey,
      });
      expect(ok.status).toBe(200);
    });
  });

  describe('--web.tls-min-version', () => {
    it('defaults to TLS1.2: a TLS 1.2-only client is served', async () => {
      const exporter = await start([]);
      const res = await httpsGet(`${exporter.url}/metrics`, certs.caCert, { maxVersion: 'TLSv1.2' });
      expect(res.status).toBe(200);
      expect(res.protocol).toBe('TLSv1.2');
    });

    it('TLS1.3 refuses a TLS 1.2-only client and serves a TLS 1.3 one', async () => {
      const exporter = await start(['--web.tls-min-version', 'TLS1.3']);
      expect(await refusal(httpsGet(`${exporter.url}/metrics`, certs.caCert, { maxVersion: 'TLSv1.2' }))).toMatch(
        /PROTOCOL_VERSION|protocol version/i,
      );
      const res = await httpsGet(`${exporter.url}/metrics`, certs.caCert);
      expect(res.status).toBe(200);
      expect(res.protocol).toBe('TLSv1.3');
    });

    it("works under redis_exporter's flag names", async () => {
      const exporter = await startTestExporter([
        ...['--redis.addr', redis.url(), '--tls-server-cert-file', certs.serverCert],
        ...['--tls-server-key-file', certs.serverKey, '--tls-server-ca-cert-file', certs.caCert],
        ...['--tls-server-min-version', 'TLS1.3'],
      ]);
      running.push(exporter);
      const withCert = { cert: certs.clientCert, key: certs.clientKey };
      expect((await httpsGet(`${exporter.url}/metrics`, certs.caCert, withCert)).status).toBe(200);
      expect(await refusal(httpsGet(`${exporter.url}/metrics`, certs.caCert))).toMatch(
        /CERTIFICATE_REQUIRED|ECONNRESET|socket hang up/i,
      );
      expect(
        await refusal(httpsGet(`${exporter.url}/metrics`, certs.caCert, { ...withCert, maxVersion: 'TLSv1.2' })),
      ).toMatch(/PROTOCOL_VERSION|protocol version/i);
    });

    it('combines with mTLS (env vars)', async () => {
      const exporter = await startTestExporter(['--redis.addr', redis.url()], {
        WEB_TLS_CERT_FILE: certs.serverCert,
        WEB_TLS_KEY_FILE: certs.serverKey,
        WEB_TLS_CLIENT_CA_CERT_FILE: certs.caCert,
        WEB_TLS_MIN_VERSION: 'TLS1.3',
      });
      running.push(exporter);
      const withCert = { cert: certs.clientCert, key: certs.clientKey };
      expect((await httpsGet(`${exporter.url}/metrics`, certs.caCert, withCert)).status).toBe(200);
      expect(
        await refusal(httpsGet(`${exporter.url}/metrics`, certs.caCert, { ...withCert, maxVersion: 'TLSv1.2' })),
      ).toMatch(/PROTOCOL_VERSION|protocol version/i);
    });
  });
});
