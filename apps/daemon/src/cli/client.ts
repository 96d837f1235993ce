import { readToken } from '../http/token';
import { daemonInfo } from './paths';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** A thin HTTP client of the daemon, authenticated with the token from the data dir. */
export class Client {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static fromDataDir(dataDir: string, env: NodeJS.ProcessEnv): Client {
    const url = env.AO_URL ?? daemonInfo(dataDir)?.url;
    const token = env.AO_TOKEN ?? readToken(dataDir);
    if (!url || !token)
      throw new CliError(`the ao daemon is not running for ${dataDir}: start it with \`ao up\``);
    return new Client(url.replace(/\/$/, ''), token);
  }

  get authHeader(): string {
    return `Bearer ${this.token}`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: this.authHeader,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new CliError(
        `cannot reach the ao daemon at ${this.baseUrl} (${(err as Error).message}); is \`ao up\` running?`,
      );
    }
    const text = await res.text();
    if (!res.ok) {
      let message = text;
      try {
        const parsed = JSON.parse(text) as { error?: { message?: string } };
        message = parsed.error?.message ?? text;
      } catch {
        // not JSON: show the raw text
      }
      throw new CliError(`${message} (HTTP ${res.status})`);
    }
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? JSON.parse(text) : text) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }
}
