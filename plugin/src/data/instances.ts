import { label, lastValue, Series } from './series';

export interface InstanceRow {
  instance: string;
  up: boolean;
  /** `master`, `slave`, `sentinel` or '' when redis_instance_info is missing. */
  role: string;
  version: string;
}

/** Joins `redis_up` with `redis_instance_info` on the `instance` label. */
export function buildInstances(up: Series[], info: Series[]): InstanceRow[] {
  const infoByInstance = new Map(info.map((s) => [label(s, 'instance'), s]));
  return up
    .map((s) => {
      const instance = label(s, 'instance');
      const meta = infoByInstance.get(instance);
      return {
        instance,
        up: lastValue(s) === 1,
        role: meta ? label(meta, 'role') || label(meta, 'redis_mode') : '',
        version: meta ? label(meta, 'redis_version') : '',
      };
    })
    .sort((a, b) => a.instance.localeCompare(b.instance));
}
