/** Dashboard JSON files keyed by repository path. */
export function dashboardFiles(): Record<string, string> {
  return {};
}
