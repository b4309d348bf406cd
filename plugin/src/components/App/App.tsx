import React from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { ROUTES } from '../../constants';
import { SettingsContext } from '../../settingsContext';
import { AppSettings } from '../../types';

const Overview = React.lazy(() => import('../../pages/Overview'));
const HotKeys = React.lazy(() => import('../../pages/HotKeys'));
const Memory = React.lazy(() => import('../../pages/Memory'));
const Failover = React.lazy(() => import('../../pages/Failover'));
const Alerts = React.lazy(() => import('../../pages/Alerts'));
const Runbook = React.lazy(() => import('../../pages/Runbook'));
const Topology = React.lazy(() => import('../../pages/Topology'));

function App(props: AppRootProps<AppSettings>) {
  return (
    <SettingsContext.Provider value={props.meta.jsonData ?? {}}>
      <Routes>
        <Route path={ROUTES.Overview} element={<Overview />} />
        <Route path={ROUTES.HotKeys} element={<HotKeys />} />
        <Route path={ROUTES.Memory} element={<Memory />} />
        <Route path={ROUTES.Failover} element={<Failover />} />
        <Route path={ROUTES.Alerts} element={<Alerts />} />
        <Route path={`${ROUTES.Runbooks}/:name`} element={<Runbook />} />
        <Route path={ROUTES.Topology} element={<Topology />} />
        <Route path="*" element={<Navigate to={ROUTES.Overview} replace />} />
      </Routes>
    </SettingsContext.Provider>
  );
}

export default App;
