import Ajv from 'ajv';

/**
 * Ajv as the schema tests use it: every error, unknown keywords of the vendored schemas tolerated, and the one format
 * they name (`date-time`) known — Ajv has no formats without ajv-formats and would warn on every compile.
 */
export function schemaValidator(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv;
}
