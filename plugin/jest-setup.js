// Jest setup provided by Grafana scaffolding; the node-environment browser tests have no DOM to polyfill.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}
