import React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { of } from 'rxjs';
import { testIds } from '../../testIds';
import { FiringAlerts } from './FiringAlerts';

const fetchMock = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: fetchMock }),
  config: { bootData: { user: { login: 'alice' } } },
}));

const groups = [
  {
    title: 'instance 10.0.0.1:6379',
    alerts: [
      {
        name: 'RedisDown',
        labels: { alertname: 'RedisDown', instance: '10.0.0.1:6379', severity: 'critical' },
        severity: 'critical',
        state: 'active',
        summary: 'Redis 10.0.0.1:6379 is down',
      },
    ],
  },
];

describe('FiringAlerts', () => {
  beforeEach(() => fetchMock.mockReset());

  it('links each alert to its runbook page with its labels', () => {
    render(
      <MemoryRouter>
        <FiringAlerts groups={groups} />
      </MemoryRouter>
    );
    expect(screen.getByTestId(testIds.firing.group)).toHaveTextContent('instance 10.0.0.1:6379');
    expect(screen.getByRole('link', { name: /runbook/ })).toHaveAttribute(
      'href',
      '/a/redislens-redis-app/runbooks/RedisDown?alertname=RedisDown&instance=10.0.0.1%3A6379&severity=critical'
    );
  });

  it('sends a silence only after confirmation, with the alert labels as matchers', async () => {
    fetchMock.mockReturnValue(of({ data: { silenceID: 'abc' } }));
    const onSilenced = jest.fn();
    render(
      <MemoryRouter>
        <FiringAlerts groups={groups} onSilenced={onSilenced} />
      </MemoryRouter>
    );
    fireEvent.click(screen.getByTestId(testIds.firing.silence));
    const confirm = screen.getByTestId(testIds.silence.confirm);
    expect(confirm).toBeDisabled(); // a reason is required
    fireEvent.change(screen.getByTestId(testIds.silence.comment), { target: { value: 'drill' } });
    expect(fetchMock).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId(testIds.silence.confirm));
    await waitFor(() => expect(screen.getByTestId(testIds.silence.done)).toHaveTextContent('abc'));
    const request = fetchMock.mock.calls[0][0];
    expect(request).toMatchObject({ url: '/api/alertmanager/grafana/api/v2/silences', method: 'POST' });
    expect(request.data).toMatchObject({
      matchers: [
        { name: 'alertname', value: 'RedisDown', isRegex: false, isEqual: true },
        { name: 'instance', value: '10.0.0.1:6379', isRegex: false, isEqual: true },
        { name: 'severity', value: 'critical', isRegex: false, isEqual: true },
      ],
      createdBy: 'alice',
      comment: 'drill',
    });
    expect(Date.parse(request.data.endsAt) - Date.parse(request.data.startsAt)).toBe(3_600_000);
    expect(onSilenced).toHaveBeenCalled();
  });

  it('shows Grafana refusing the silence', async () => {
    fetchMock.mockImplementation(() => {
      throw { status: 400, data: { message: 'invalid matcher' } };
    });
    render(
      <MemoryRouter>
        <FiringAlerts groups={groups} />
      </MemoryRouter>
    );
    fireEvent.click(screen.getByTestId(testIds.firing.silence));
    fireEvent.change(screen.getByTestId(testIds.silence.comment), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId(testIds.silence.confirm));
    await waitFor(() =>
      expect(screen.getByTestId(testIds.silence.error)).toHaveTextContent('HTTP 400: invalid matcher')
    );
  });
});
