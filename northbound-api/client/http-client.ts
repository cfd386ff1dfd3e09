// The API as `slr ctl` sees it: JSON over HTTP with a bearer token. Error bodies are
// turned into an ApiRequestError carrying the server's code, message and problems.

export interface ApiProblem {
  field: string;
  in: string;
  reason: string;
}

export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: ApiProblem[] = [],
  ) {
    super(message);
  }
}

export interface ApiResponse {
  status: number;
  etag: string | undefined;
  body: unknown;
}

export class ApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
    const h: Record<string, string> = { accept: 'application/json', ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(new URL(path, this.baseUrl), { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (err) {
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      throw new ApiRequestError(0, 'UNREACHABLE', `cannot reach ${this.baseUrl}${cause}`);
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    if (!res.ok) {
      const e = (parsed as { error?: { code?: string; message?: string; problems?: ApiProblem[] } } | undefined)?.error;
      throw new ApiRequestError(res.status, e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, e?.problems ?? []);
    }
    return { status: res.status, etag: res.headers.get('etag') ?? undefined, body: parsed };
  }
}
