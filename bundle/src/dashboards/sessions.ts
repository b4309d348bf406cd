import { SESSION_VALIDATE_P99_SLO_SECONDS } from '../alerts';
import { labelVariable, newDashboard, row, statPanel, timeSeries } from './panels';

const J = 'job=~"$job"';

export function sessions() {
  return newDashboard(
    'redislens-sessions',
    'Redis sessions',
    `Session validation through the Redis session cache. SLO: p99 under ${SESSION_VALIDATE_P99_SLO_SECONDS * 1000} ms.`,
  )
    .withVariable(labelVariable('job', 'Service', 'redislens_session_validations_total'))
    .withPanel(
      statPanel('Breaker state (0 closed, 1 half-open, 2 open)', 'none', { expr: `max(redislens_session_breaker_state{${J}})` }, 6),
    )
    .withPanel(
      statPanel('Validation p99', 's', {
        expr: `histogram_quantile(0.99, sum by (le) (rate(redislens_session_validate_duration_seconds_bucket{${J}}[$__rate_interval])))`,
      }, 6),
    )
    .withPanel(
      statPanel('Hit ratio', 'percentunit', {
        expr: `sum(rate(redislens_session_validations_total{${J},result="hit"}[$__rate_interval])) / sum(rate(redislens_session_validations_total{${J}}[$__rate_interval]))`,
      }, 6),
    )
    .withPanel(statPanel('Warm-up remaining', 'short', { expr: `sum(redislens_session_warm_remaining{${J}})` }, 6))
    .withPanel(
      timeSeries('Validations by result / s', 'ops', [
        { expr: `sum by (result) (rate(redislens_session_validations_total{${J}}[$__rate_interval]))`, legend: '{{result}}' },
      ]),
    )
    .withPanel(
      timeSeries('Validation latency (p50 / p99, exemplars → traces)', 's', [
        {
          expr: `histogram_quantile(0.5, sum by (le) (rate(redislens_session_validate_duration_seconds_bucket{${J}}[$__rate_interval])))`,
          legend: 'p50',
          exemplar: true,
        },
        {
          expr: `histogram_quantile(0.99, sum by (le) (rate(redislens_session_validate_duration_seconds_bucket{${J}}[$__rate_interval])))`,
          legend: 'p99',
          exemplar: true,
        },
      ]),
    )
    .withPanel(
      timeSeries('Breaker transitions', 'short', [
        { expr: `sum by (from, to) (increase(redislens_session_breaker_transitions_total{${J}}[$__rate_interval]))`, legend: '{{from}} → {{to}}' },
      ]),
    )
    .withPanel(
      timeSeries('Warm-up', 'short', [
        { expr: `sum(rate(redislens_session_warm_loaded_total{${J}}[$__rate_interval]))`, legend: 'loaded / s' },
        { expr: `sum(redislens_session_warm_remaining{${J}})`, legend: 'remaining' },
      ]),
    )
    .withRow(row('Redis client'))
    .withPanel(
      timeSeries('Redis operation latency p99', 's', [
        {
          expr: `histogram_quantile(0.99, sum by (le, db_operation_name) (rate(db_client_operation_duration_seconds_bucket{${J}}[$__rate_interval])))`,
          legend: '{{db_operation_name}}',
          exemplar: true,
        },
      ]),
    )
    .withPanel(
      timeSeries('Redis operations / s by error', 'ops', [
        { expr: `sum by (error_type) (rate(db_client_operation_duration_seconds_count{${J}}[$__rate_interval]))`, legend: '{{error_type}}' },
      ]),
    )
    .withPanel(
      timeSeries('Client connections', 'short', [
        { expr: `sum by (db_client_connection_state, redislens_role) (db_client_connection_count{${J}})`, legend: '{{redislens_role}} {{db_client_connection_state}}' },
      ]),
    );
}
