// The two things the action asks of GitHub's REST API: find its own comment on a pull request (by a
// hidden marker) and create or update it. Node 20's fetch is enough; @actions/github would bundle
// Octokit and its dependencies for three calls.

export const marker = '<!-- incidentmap -->';

export interface Api {
  /** GITHUB_API_URL: https://api.github.com, a GitHub Enterprise Server, or a test's fake. */
  url: string;
  token: string;
  /** owner/name */
  repository: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Comment {
  id: number;
  body?: string | null;
}

/** Comments read before giving up on finding the sticky one: 30 pages of 100. */
const maxPages = 30;

function repoPath(api: Api): string {
  const [owner, name, ...rest] = api.repository.split('/');
  if (!owner || !name || rest.length > 0) {
    throw new ApiError(0, `GITHUB_REPOSITORY is "${api.repository}", not owner/name`);
  }
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

/** Never lets the token into a message, whatever a server sends back. */
export function scrub(text: string, token: string): string {
  return token === '' ? text : text.split(token).join('***');
}

async function call<T>(api: Api, method: string, path: string, body?: unknown): Promise<T> {
  const url = `${api.url.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${api.token}`,
        'content-type': 'application/json',
        'user-agent': 'incidentmap-action',
        'x-github-api-version': '2022-11-28',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    throw new ApiError(0, scrub(`${method} ${path}: ${e instanceof Error ? e.message : String(e)}`, api.token));
  }
  const text = await res.text();
  if (!res.ok) {
    let detail = text.slice(0, 300);
    try {
      detail = String((JSON.parse(text) as { message?: unknown }).message ?? detail);
    } catch {
      // not JSON: the start of the text says enough
    }
    throw new ApiError(res.status, scrub(`${method} ${path}: ${res.status} ${detail}`, api.token));
  }
  try {
    return (text === '' ? undefined : JSON.parse(text)) as T;
  } catch {
    throw new ApiError(res.status, `${method} ${path}: the answer is not JSON`);
  }
}

/** Comments on the pull request whose body starts with the marker, oldest first. */
export async function findStickyComments(api: Api, issue: number): Promise<Comment[]> {
  const found: Comment[] = [];
  for (let page = 1; page <= maxPages; page++) {
    const list = await call<Comment[]>(api, 'GET', `${repoPath(api)}/issues/${issue}/comments?per_page=100&page=${page}`);
    if (!Array.isArray(list)) {
      throw new ApiError(0, 'the list of comments is not a list');
    }
    found.push(...list.filter((c) => typeof c.body === 'string' && c.body.startsWith(marker)));
    if (list.length < 100) {
      break;
    }
  }
  return found;
}

export interface Posted {
  action: 'created' | 'updated';
  id: number;
  url?: string;
}

/**
 * Updates the first marked comment this token may edit, else creates one. Someone else's comment
 * that copies the marker cannot be edited (403) and is passed over.
 */
export async function upsertStickyComment(api: Api, issue: number, body: string): Promise<Posted> {
  for (const c of await findStickyComments(api, issue)) {
    try {
      const r = await call<{ id: number; html_url?: string }>(api, 'PATCH', `${repoPath(api)}/issues/comments/${c.id}`, { body });
      return { action: 'updated', id: r?.id ?? c.id, url: r?.html_url };
    } catch (e) {
      if (!(e instanceof ApiError) || (e.status !== 403 && e.status !== 404)) {
        throw e;
      }
    }
  }
  const r = await call<{ id: number; html_url?: string }>(api, 'POST', `${repoPath(api)}/issues/${issue}/comments`, { body });
  return { action: 'created', id: r.id, url: r.html_url };
}
