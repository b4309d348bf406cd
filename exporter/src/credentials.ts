import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { dirname, resolve as resolvePath } from 'node:path';
import type { TlsClientConfig } from './config';

/**
 * Per-target credentials for `/scrape?target=`, by reference: the credentials file names password files, never
 * passwords, so the file itself can live in a ConfigMap while the secrets stay in mounted secret files.
 *
 * Format: JSON (no YAML parser among the exporter's dependencies, and a JSON file is valid YAML too):
 *
 *     { "targets": [ { "match": "redis://10.0.0.5:6379", "user": "exporter", "password_file": "/run/secrets/a",
 *                      "tls": { "ca_file": "…", "cert_file": "…", "key_file": "…", "server_name": "…" } } ],
 *       "auth_modules": { "readonly": { "user": "…", "password_file": "…" } } }
 *
 * A `match` is `[scheme://]host[:port]` — omitted scheme or port match any, `*` in the host matches any run of
 * host characters (`*.cache.internal`, `10.0.0.*`) — or an IP CIDR (`10.1.0.0/16`, `fd00::/8`), or `unix:///path`.
 * The first entry in file order that matches wins. Relative file paths are relative to the credentials file.
 *
 * redis_exporter's `--redis.password-file` format (`{"redis://host:port": "password"}`) is accepted too, with a
 * warning: its passwords are inline, so whoever can read the mapping can read every password.
 */

export interface TargetCredentials {
  user?: string;
  password?: string;
  /** Replaces the `--tls-*` client flags for `rediss://` targets this entry matches. */
  tls?: TlsClientConfig;
}

interface Entry {
  /** The `match` text, for messages. */
  match: string;
  test(target: ParsedTarget): boolean;
  credentials: TargetCredentials;
}

export interface CredentialSet {
  entries: Entry[];
  modules: Map<string, TargetCredentials>;
  /** Messages for the operator about the file (e.g. the inline-password format), never containing a secret. */
  warnings: string[];
}

/** A problem with the credentials file; the message names where, never what a secret is. */
export class CredentialsError extends Error {}

interface ParsedTarget {
  scheme: string;
  host: string;
  port: number;
  path?: string;
}

/** Splits a normalized target (`redis://host:port/db`, `unix:///path`) into the parts patterns look at. */
export function parseTarget(target: string): ParsedTarget | undefined {
  let url: URL;
  try {
    url = new URL(target.includes('://') ? target : `redis://${target}`);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme === 'unix') return { scheme, host: '', port: 0, path: decodeURIComponent(url.pathname) };
  return {
    scheme,
    host: url.hostname.replace(/^\[|\]$/g, '').toLowerCase(),
    port: url.port ? Number(url.port) : 6379,
  };
}

const CIDR = /^([0-9a-fA-F.:]+)\/(\d{1,3})$/;
const HOST_PATTERN = /^(?:(redis|rediss):\/\/)?(\[[0-9a-fA-F:.*]+\]|[A-Za-z0-9.*_-]+)(?::(\d{1,5}))?\/?$/;

/** Compiles one `match` text; throws CredentialsError with the reason when it is none of the forms above. */
export function compileMatch(text: string): (target: ParsedTarget) => boolean {
  const match = text.trim();
  const cidr = CIDR.exec(match);
  if (cidr) {
    const family = isIP(cidr[1]);
    const prefix = Number(cidr[2]);
    if (!family || prefix > (family === 4 ? 32 : 128)) throw new CredentialsError(`'${match}' is not a valid CIDR`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const list = new BlockList();
    list.addSubnet(cidr[1], prefix, type);
    return (t) => {
      const ipFamily = isIP(t.host);
      return ipFamily === family && list.check(t.host, type);
    };
  }
  if (match.startsWith('unix://')) {
    const path = parseTarget(match)?.path;
    if (!path) throw new CredentialsError(`'${match}' has no socket path`);
    return (t) => t.scheme === 'unix' && t.path === path;
  }
  const parts = HOST_PATTERN.exec(match);
  if (!parts) {
    throw new CredentialsError(
      `'${match}' is not [redis[s]://]host[:port] (with * in the host), an IP CIDR or unix:///path`,
    );
  }
  const [, scheme, rawHost, rawPort] = parts;
  const port = rawPort === undefined ? undefined : Number(rawPort);
  if (port !== undefined && (port < 1 || port > 65535)) throw new CredentialsError(`'${match}' has a bad port`);
  const host = rawHost.replace(/^\[|\]$/g, '').toLowerCase();
  const hostRe = new RegExp(`^${host.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^:/]*')}$`);
  return (t) =>
    t.scheme !== 'unix' &&
    (!scheme || t.scheme === scheme) &&
    (port === undefined || t.port === port) &&
    hostRe.test(t.host);
}

/** Reads a secret file; a trailing newline (`echo pw > file`) is not part of the password. */
function readSecret(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new CredentialsError(`${what}: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** JSON.parse's message can quote the file's text (an inline password); report only where the problem is. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec(String((error as Error).message));
    if (!at) throw new CredentialsError('not valid JSON');
    const before = text.slice(0, Number(at[1])).split('\n');
    throw new CredentialsError(`not valid JSON at line ${before.length} column ${before.at(-1)!.length + 1}`);
  }
}

const ENTRY_KEYS = new Set(['match', 'user', 'password_file', 'tls']);
const MODULE_KEYS = new Set(['user', 'password_file', 'tls']);
const TLS_KEYS = new Set(['ca_file', 'cert_file', 'key_file', 'server_name', 'insecure_skip_verify']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !value) throw new CredentialsError(`${where}: '${key}' must be a non-empty string`);
  return value;
}

function checkKeys(obj: Record<string, unknown>, allowed: Set<string>, where: string): void {
  for (const key of Object.keys(obj)) {
    if (key === 'password') {
      throw new CredentialsError(
        `${where}: inline 'password' is not accepted; put it in a file named by password_file`,
      );
    }
    if (!allowed.has(key)) throw new CredentialsError(`${where}: unknown key '${key}'`);
  }
}

/** The user, password (read from password_file) and TLS files of one entry or module. */
function readCredentials(obj: Record<string, unknown>, where: string, baseDir: string): TargetCredentials {
  const file = (p: string) => resolvePath(baseDir, p);
  const user = optionalString(obj, 'user', where);
  const passwordFile = optionalString(obj, 'password_file', where);
  const credentials: TargetCredentials = {
    user,
    password: passwordFile ? readSecret(file(passwordFile), `${where}: password_file`) : undefined,
  };
  if (obj.tls !== undefined) {
    const tls = obj.tls;
    if (!isObject(tls)) throw new CredentialsError(`${where}: 'tls' must be an object`);
    checkKeys(tls, TLS_KEYS, `${where}.tls`);
    const skip = tls.insecure_skip_verify;
    if (skip !== undefined && typeof skip !== 'boolean') {
      throw new CredentialsError(`${where}.tls: 'insecure_skip_verify' must be true or false`);
    }
    const path = (key: string) => {
      const p = optionalString(tls, key, `${where}.tls`);
      if (!p) return undefined;
      readSecret(file(p), `${where}.tls: ${key}`);
      return file(p);
    };
    credentials.tls = {
      caCertFile: path('ca_file'),
      clientCertFile: path('cert_file'),
      clientKeyFile: path('key_file'),
      serverName: optionalString(tls, 'server_name', `${where}.tls`),
      skipVerification: skip === true,
    };
    if (Boolean(credentials.tls.clientCertFile) !== Boolean(credentials.tls.clientKeyFile)) {
      throw new CredentialsError(`${where}.tls: cert_file and key_file go together`);
    }
  }
  return credentials;
}

/** redis_exporter's `{"redis://[user@]host:port": "password"}`: exact targets with inline passwords. */
function parseRedisExporterFormat(obj: Record<string, unknown>): CredentialSet {
  const entries: Entry[] = [];
  for (const [uri, password] of Object.entries(obj)) {
    if (typeof password !== 'string') throw new CredentialsError(`'${uri}': the password must be a string`);
    const target = /^[a-z]+:\/\//i.test(uri) ? uri : `redis://${uri}`;
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new CredentialsError(`'${uri}' is not a redis:// URI`);
    }
    if (url.password) throw new CredentialsError(`'${url.host}': put no password in the URI key`);
    const user = url.username ? decodeURIComponent(url.username) : undefined;
    url.username = '';
    const parsed = parseTarget(url.toString());
    if (!parsed) throw new CredentialsError(`'${url.host}' is not a redis:// URI`);
    const match = parsed.scheme === 'unix' ? url.toString() : `${parsed.scheme}://${url.host}`;
    entries.push({ match, test: compileMatch(match), credentials: { user, password: password || undefined } });
  }
  return {
    entries,
    modules: new Map(),
    warnings: [
      "redis_exporter's password-file format (inline passwords): anyone who can read this file reads every " +
        'password; prefer {"targets": [{"match", "user", "password_file"}]}',
    ],
  };
}

/** Parses the credentials file's text; reads the password files it names. Throws CredentialsError. */
export function parseCredentials(text: string, baseDir: string): CredentialSet {
  const doc = parseJson(text);
  if (!isObject(doc)) throw new CredentialsError('must be a JSON object');
  if (!('targets' in doc) && !('auth_modules' in doc) && Object.values(doc).every((v) => typeof v === 'string')) {
    return parseRedisExporterFormat(doc);
  }
  checkKeys(doc, new Set(['targets', 'auth_modules']), 'file');
  const targets = doc.targets ?? [];
  if (!Array.isArray(targets)) throw new CredentialsError("'targets' must be a list");
  const entries = targets.map((item: unknown, i): Entry => {
    const where = `targets[${i}]`;
    if (!isObject(item)) throw new CredentialsError(`${where} must be an object`);
    checkKeys(item, ENTRY_KEYS, where);
    const match = optionalString(item, 'match', where);
    if (!match) throw new CredentialsError(`${where}: 'match' is required`);
    let test: Entry['test'];
    try {
      test = compileMatch(match);
    } catch (error) {
      throw new CredentialsError(`${where}: ${(error as Error).message}`);
    }
    return { match, test, credentials: readCredentials(item, where, baseDir) };
  });
  const modules = new Map<string, TargetCredentials>();
  const rawModules = doc.auth_modules ?? {};
  if (!isObject(rawModules)) throw new CredentialsError("'auth_modules' must be an object of name → credentials");
  for (const [name, value] of Object.entries(rawModules)) {
    const where = `auth_modules.${name}`;
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new CredentialsError(`${where}: names are [A-Za-z0-9_.-]{1,64}`);
    if (!isObject(value)) throw new CredentialsError(`${where} must be an object`);
    checkKeys(value, MODULE_KEYS, where);
    modules.set(name, readCredentials(value, where, baseDir));
  }
  return { entries, modules, warnings: [] };
}

/** Reads and parses the credentials file at `path`. Throws CredentialsError naming the file. */
export function loadCredentials(path: string): CredentialSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CredentialsError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return parseCredentials(text, dirname(resolvePath(path)));
  } catch (error) {
    throw new CredentialsError(`${path}: ${(error as Error).message}`);
  }
}

export type Resolution =
  | { kind: 'module' | 'match'; name: string; credentials: TargetCredentials }
  | { kind: 'default' }
  | { kind: 'unknown-module'; name: string };

/**
 * Which credentials a scrape of `target` uses: the named auth module when one is given (it must exist), otherwise
 * the first entry whose pattern matches, otherwise the exporter's own (`--redis.user`, `REDIS_PASSWORD`).
 */
export function resolveCredentials(set: CredentialSet | undefined, target: string, authModule?: string): Resolution {
  if (authModule !== undefined) {
    const credentials = set?.modules.get(authModule);
    return credentials
      ? { kind: 'module', name: authModule, credentials }
      : { kind: 'unknown-module', name: authModule };
  }
  const parsed = parseTarget(target);
  const entry = parsed && set?.entries.find((e) => e.test(parsed));
  return entry ? { kind: 'match', name: entry.match, credentials: entry.credentials } : { kind: 'default' };
}

/**
 * A digest of what a connection authenticates with, so a reload can tell which pooled connections changed. Only
 * compared in memory, never logged or exported.
 */
export function credentialsFingerprint(credentials: TargetCredentials | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify(credentials ?? null))
    .digest('hex');
}

/** Holds the current credential set; a reload that fails keeps the previous one. */
export class CredentialStore {
  private current: CredentialSet;

  constructor(
    readonly path: string,
    initial?: CredentialSet,
  ) {
    this.current = initial ?? loadCredentials(path);
  }

  get set(): CredentialSet {
    return this.current;
  }

  /** Re-reads the file and every password file it names; throws CredentialsError and keeps the old set on failure. */
  reload(): CredentialSet {
    this.current = loadCredentials(this.path);
    return this.current;
  }
}
