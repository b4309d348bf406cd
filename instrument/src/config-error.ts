/** A setting that cannot be used; a CLI exits 2 with this message (which names the setting). Shared by the exporter and the demo. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`invalid ${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}
