/** GET a URL and parse JSON, with the status and body in the error so a failing test shows what came back. */
export async function getJson<T = unknown>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url} -> ${response.status}: ${body.slice(0, 500)}`);
  return JSON.parse(body) as T;
}

export async function getText(url: string, init?: RequestInit): Promise<{ status: number; body: string }> {
  const response = await fetch(url, init);
  return { status: response.status, body: await response.text() };
}
