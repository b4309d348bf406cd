/**
 * Browser side of the stand-in Grafana: provides the shared modules a plugin's AMD bundle imports (the externals in
 * .config/bundler/externals.ts), wires @grafana/runtime's services to the stand-in HTTP API, then loads the BUILT
 * plugin from /public/plugins/<id>/module.js the way Grafana's loader does and renders its root or config page.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import { AppPlugin, createTheme, PanelPlugin, PluginType } from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import { setBackendSrv, setDataSourceSrv } from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import React from 'react';
import * as reactDomClient from 'react-dom/client';
import * as reactDom from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import { MemoryRouter, Route, Routes } from 'react-router';
import * as rxjs from 'rxjs';
import { renderPanelPage } from './panelHost';
import { backendSrv, dataSourceSrv } from './services';

const PLUGIN_ID = 'redislens-redis-app';
const shared: Record<string, unknown> = {
  react: React,
  'react-dom': reactDom,
  'react/jsx-runtime': jsxRuntime,
  'react-router': reactRouter,
  rxjs,
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
};

/** Minimal AMD: the plugin bundle calls an anonymous define(deps, factory); 'module' gives it its own URL. */
function loadAmd(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const w = window as unknown as { define?: unknown };
    const define = (deps: string[], factory: (...args: unknown[]) => Record<string, unknown>) => {
      const missing = deps.filter((d) => d !== 'module' && !(d in shared));
      if (missing.length) {
        reject(new Error(`plugin needs modules the host does not share: ${missing.join(', ')}`));
        return;
      }
      resolve(factory(...deps.map((d) => (d === 'module' ? { uri: url } : shared[d]))));
    };
    (define as unknown as { amd: object }).amd = {};
    w.define = define;
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}

async function main() {
  const params = new URLSearchParams(window.location.search);
  const theme = createTheme({ colors: { mode: params.get('theme') === 'light' ? 'light' : 'dark' } });
  setBackendSrv(backendSrv);
  setDataSourceSrv(dataSourceSrv);
  const path = window.location.pathname;
  const panelMatch = /^\/panel\/(hotkeys|failover|alerts)$/.exec(path);
  if (panelMatch) {
    // A nested panel plugin, loaded from its own module.js in the built plugin.
    const url = `/public/plugins/${PLUGIN_ID}/panels/${panelMatch[1]}/module.js`;
    const { plugin } = (await loadAmd(url)) as { plugin: PanelPlugin };
    return mount(theme, await renderPanelPage(plugin, params.get('q') ?? ''));
  }
  const settings = await (await fetch(`/api/plugins/${PLUGIN_ID}/settings`)).json();
  const meta = { ...settings, id: PLUGIN_ID, type: PluginType.app, name: 'redis-lens', module: '', baseUrl: '' };
  const { plugin } = (await loadAmd(`/public/plugins/${PLUGIN_ID}/module.js`)) as { plugin: AppPlugin };
  plugin.meta = meta;
  const ConfigBody = plugin.configPages?.[0]?.body;
  const Root = plugin.root;
  const page =
    path.startsWith(`/plugins/${PLUGIN_ID}`) && ConfigBody ? (
      <ConfigBody plugin={plugin} query={{}} />
    ) : Root ? (
      // With the query string, as Grafana's router hands it to app routes (runbook pages read alert labels from it).
      <MemoryRouter initialEntries={[`${path}${window.location.search}`]}>
        <Routes>
          <Route
            path={`/a/${PLUGIN_ID}/*`}
            element={<Root meta={meta} basename={`/a/${PLUGIN_ID}`} query={{}} path={path} onNavChanged={() => {}} />}
          />
        </Routes>
      </MemoryRouter>
    ) : null;
  mount(theme, page);
}

function mount(theme: ReturnType<typeof createTheme>, page: React.ReactNode) {
  reactDomClient.createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <div style={{ padding: 16 }}>{page}</div>
    </ThemeContext.Provider>
  );
}

main().catch((error) => {
  document.body.setAttribute('data-host-error', String(error));
  console.error(error);
});
