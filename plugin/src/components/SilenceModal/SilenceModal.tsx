import React, { useState } from 'react';
import { config } from '@grafana/runtime';
import { Alert, Button, Field, Input, Modal, RadioButtonGroup, Stack, Text } from '@grafana/ui';
import { createSilence } from '../../api/grafanaApi';
import { FiringAlert } from '../../data/alerts';
import { SILENCE_DURATIONS, silenceFor } from '../../data/silences';
import { errorMessage } from '../../hooks/useAsync';
import { testIds } from '../../testIds';
import { KeyText } from '../KeyText/KeyText';

export interface SilenceModalProps {
  alert: FiringAlert;
  onDismiss: () => void;
  /** Called with the new silence's id once Grafana accepted it. */
  onCreated?: (silenceId: string) => void;
}

/** Confirms a silence for one alert: its exact labels as matchers, a duration and a reason, sent on Confirm only. */
export function SilenceModal({ alert, onDismiss, onCreated }: SilenceModalProps) {
  const [duration, setDuration] = useState(SILENCE_DURATIONS[0].value);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<string>();
  const matchers = Object.entries(alert.labels).sort(([a], [b]) => a.localeCompare(b));

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const createdBy = config.bootData?.user?.login || 'redis-lens';
      const { silenceID = '' } = await createSilence(silenceFor(alert.labels, duration, comment, createdBy));
      setCreated(silenceID);
      onCreated?.(silenceID);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`Silence ${alert.name}`} isOpen onDismiss={onDismiss}>
      <div data-testid={testIds.silence.form}>
        <Stack direction="column" gap={1}>
          <Text color="secondary">Notifications stop for alerts with exactly these labels:</Text>
          <ul>
            {matchers.map(([k, v]) => (
              <li key={k}>
                <KeyText text={`${k}=${v}`} maxWidth={480} />
              </li>
            ))}
          </ul>
          <Field label="Duration">
            <RadioButtonGroup
              data-testid={testIds.silence.duration}
              options={SILENCE_DURATIONS}
              value={duration}
              onChange={setDuration}
            />
          </Field>
          <Field label="Reason" description="Shown to whoever sees the silence in Grafana." required>
            <Input
              data-testid={testIds.silence.comment}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              placeholder="e.g. failover drill until 15:00"
            />
          </Field>
          {error && (
            <div data-testid={testIds.silence.error}>
              <Alert severity="error" title="Grafana refused the silence">
                {error}
              </Alert>
            </div>
          )}
          {created !== undefined && (
            <div data-testid={testIds.silence.done}>
              <Alert severity="success" title="Silence created">
                Silence {created} is active.
              </Alert>
            </div>
          )}
        </Stack>
        <Modal.ButtonRow>
          <Button variant="secondary" data-testid={testIds.silence.cancel} onClick={onDismiss}>
            {created !== undefined ? 'Close' : 'Cancel'}
          </Button>
          {created === undefined && (
            <Button
              variant="destructive"
              data-testid={testIds.silence.confirm}
              disabled={busy || !comment.trim()}
              onClick={confirm}
            >
              Confirm silence
            </Button>
          )}
        </Modal.ButtonRow>
      </div>
    </Modal>
  );
}
