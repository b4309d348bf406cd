/** A `+switch-master` message: `<master-name> <old-ip> <old-port> <new-ip> <new-port>`. */
export interface SwitchMaster {
  masterName: string;
  oldMaster: { host: string; port: number };
  newMaster: { host: string; port: number };
}

/** Parses a `+switch-master` payload; anything malformed yields `undefined` (a Sentinel reply never crashes us). */
export function parseSwitchMaster(message: unknown): SwitchMaster | undefined {
  if (typeof message !== 'string') return undefined;
  const parts = message.trim().split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [masterName, oldHost, oldPort, newHost, newPort] = parts;
  const oldP = toPort(oldPort);
  const newP = toPort(newPort);
  if (oldP === undefined || newP === undefined) return undefined;
  return { masterName, oldMaster: { host: oldHost, port: oldP }, newMaster: { host: newHost, port: newP } };
}

function toPort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port > 0 && port < 65536 ? port : undefined;
}
