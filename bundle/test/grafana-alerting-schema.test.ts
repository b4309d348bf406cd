// Grafana alerting provisioning files, checked against the foundation SDK's alerting JSON schema. The schema
// describes the API objects; the file format nests them differently (orgId beside each object, folder and group
// on the group), so those fields are moved before validating.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../src/outputs';
import { schemaValidator } from './support/schema-validator';

const schema = JSON.parse(readFileSync(join(__dirname, 'schemas', 'grafana-alerting.jsonschema.json'), 'utf8'));
const ajv = schemaValidator();
ajv.addSchema({ ...schema, $schema: undefined, $id: 'alerting' });
const load = (file: string) => parse(readFileSync(join(REPO_ROOT, 'provisioning/alerting', file), 'utf8'));

/** The file format puts `orgId` beside each object; the API objects have none. */
function withoutOrgId<T extends { orgId?: number }>(value: T): Omit<T, 'orgId'> {
  const copy = { ...value };
  delete copy.orgId;
  return copy;
}

function expectValid(definition: string, value: unknown) {
  const validate = ajv.getSchema(`alerting#/definitions/${definition}`)!;
  validate(value);
  expect(validate.errors ?? []).toEqual([]);
}

describe('Grafana alerting provisioning against the SDK alerting schema', () => {
  it('every rule and its queries', () => {
    const group = load('rules.yaml').groups[0];
    for (const rule of group.rules) {
      for (const query of rule.data) expectValid('Query', query);
      expectValid('Rule', { ...rule, orgID: group.orgId, folderUID: group.folder, ruleGroup: group.name });
    }
  });

  it('contact point receivers', () => {
    for (const point of load('contact-points.yaml').contactPoints) {
      for (const receiver of point.receivers) expectValid('ContactPoint', { ...receiver, name: point.name });
    }
  });

  it('the notification policy tree', () => {
    expectValid('NotificationPolicy', withoutOrgId(load('policies.yaml').policies[0]));
  });

  // Mute timings are not checked here: the schema models their Go structs (minutes, weekday ranges), not the
  // `start_time: "02:00"` / `weekdays: [sunday]` text both Grafana and Alertmanager read. The same renderer
  // (routing.ts timeIntervals) writes Alertmanager's time_intervals, which amtool check-config validates.
  it('templates', () => {
    for (const template of load('templates.yaml').templates)
      expectValid('NotificationTemplate', withoutOrgId(template));
  });
});
