/** The task table's view (page, sort, filters, search) and its URL query-string form. */

export const STATUSES = ["backlog", "todo", "in_progress", "done", "canceled"] as const;
export const PRIORITIES = ["none", "low", "medium", "high", "urgent"] as const;
export const SORT_KEYS = ["created", "updated", "status", "priority", "due", "title"] as const;
export const DEFAULT_SORT = "-created";
export const PER_PAGE = 50;

export interface TaskListParams {
  page: number;
  perPage: number;
  /** e.g. "-created", "title". */
  sort: string;
  status: string[];
  priority: string[];
  /** Member user ids, or "none" for unassigned. */
  assignee: string[];
  q: string;
}

export const DEFAULT_PARAMS: TaskListParams = {
  page: 0,
  perPage: PER_PAGE,
  sort: DEFAULT_SORT,
  status: [],
  priority: [],
  assignee: [],
  q: "",
};

const csv = (raw: string | null, allowed?: readonly string[]) =>
  (raw ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s && (!allowed || allowed.includes(s)));

function validSort(raw: string | null): string {
  if (!raw) return DEFAULT_SORT;
  const key = raw.replace(/^-/, "");
  return (SORT_KEYS as readonly string[]).includes(key) ? raw : DEFAULT_SORT;
}

/** The view encoded in a URL query string (unknown values are dropped). */
export function paramsFromSearch(search: URLSearchParams): TaskListParams {
  const page = Number.parseInt(search.get("page") ?? "1", 10);
  return {
    page: Number.isFinite(page) && page > 1 ? page - 1 : 0,
    perPage: PER_PAGE,
    sort: validSort(search.get("sort")),
    status: csv(search.get("status"), STATUSES),
    priority: csv(search.get("priority"), PRIORITIES),
    assignee: csv(search.get("assignee")),
    q: search.get("q") ?? "",
  };
}

/** URL query string of a view ("" for the default view); pages are 1-based in the URL. */
export function searchFromParams(p: TaskListParams): string {
  const qs = new URLSearchParams();
  if (p.q) qs.set("q", p.q);
  if (p.status.length) qs.set("status", p.status.join(","));
  if (p.priority.length) qs.set("priority", p.priority.join(","));
  if (p.assignee.length) qs.set("assignee", p.assignee.join(","));
  if (p.sort !== DEFAULT_SORT) qs.set("sort", p.sort);
  if (p.page > 0) qs.set("page", String(p.page + 1));
  const s = qs.toString();
  return s ? `?${s}` : "";
}

export function hasFilters(p: TaskListParams): boolean {
  return p.status.length > 0 || p.priority.length > 0 || p.assignee.length > 0 || p.q.trim() !== "";
}

/** Page 0, newest first, unfiltered: the only view where new tasks can be placed locally. */
export function isDefaultView(p: TaskListParams): boolean {
  return p.page === 0 && p.sort === DEFAULT_SORT && !hasFilters(p);
}
