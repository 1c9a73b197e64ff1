'use client';

// The command palette: a modal <dialog> (focus stays inside, Escape closes) holding a combobox
// (ARIA 1.2 pattern: the input owns a listbox through aria-controls, the highlighted option is
// aria-activedescendant, arrows / Home / End move, Enter opens). It finds pages and actions
// locally and clusters, alerts, rules and SLOs through GET /api/v1/search. Loaded on first use.
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { rank, searchTerms, type SearchKind } from '@/lib/search/match';

type Role = 'viewer' | 'editor' | 'admin';
type Kind = SearchKind | 'page' | 'action';

interface Entry {
  kind: Kind;
  id: string;
  title: string;
  detail: string;
  href: string;
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

const PAGES: (Entry & { keywords?: string })[] = [
  ['Overview', '/overview', 'every cluster at a glance dashboard'],
  ['Clusters', '/clusters', 'registry'],
  ['Alerts', '/alerts', 'firing pending acknowledge'],
  ['Rules', '/rules', 'alert rule groups'],
  ['SLOs', '/slos', 'error budget burn rate'],
  ['Notifications: channels', '/notifications', 'email slack webhook pagerduty teams'],
  ['Notifications: policy', '/notifications/policy', 'routing grouping'],
  ['Notifications: silences', '/notifications/silences', 'mute'],
  ['Notifications: mute timings', '/notifications/mute-timings', 'maintenance windows'],
  ['Notifications: deliveries', '/notifications/deliveries', 'delivery log attempts'],
  ['Settings', '/settings', 'preferences'],
  ['Settings: API tokens', '/settings/tokens', 'token'],
  ['Settings: users', '/settings/users', 'accounts'],
  ['Settings: audit log', '/settings/audit', 'history who changed'],
  ['API reference', '/api-docs', 'openapi rest'],
].map(([title, href, keywords]) => ({ kind: 'page' as const, id: href!, title: title!, detail: href!, href: href!, keywords }));

const ACTIONS: (Entry & { needs: Role; keywords?: string })[] = [
  { title: 'Register a cluster', href: '/clusters/new', needs: 'editor' as Role, keywords: 'add new cluster' },
  { title: 'Import clusters from a kubeconfig', href: '/clusters/import', needs: 'editor' as Role, keywords: 'kubeconfig contexts' },
  { title: 'New rule group', href: '/rules/new', needs: 'editor' as Role, keywords: 'create alert rule' },
  { title: 'Add a rule from a template', href: '/rules/templates', needs: 'editor' as Role, keywords: 'template library' },
  { title: 'New SLO', href: '/slos/new', needs: 'editor' as Role, keywords: 'create objective' },
  { title: 'Add an SLO from a template', href: '/slos/templates', needs: 'editor' as Role, keywords: 'template' },
  { title: 'New notification channel', href: '/notifications/channels/new', needs: 'editor' as Role, keywords: 'email slack webhook' },
  { title: 'Silence alerts', href: '/notifications/silences', needs: 'editor' as Role, keywords: 'new silence mute' },
  { title: 'Create an API token', href: '/settings/tokens', needs: 'viewer' as Role, keywords: 'token' },
  { title: 'Add a user', href: '/settings/users', needs: 'admin' as Role, keywords: 'account invite' },
].map((a) => ({ ...a, kind: 'action' as const, id: a.href + a.title, detail: a.href }));

const GROUP_LABEL: Record<Kind, string> = {
  page: 'Pages',
  action: 'Actions',
  cluster: 'Clusters',
  alert: 'Alerts',
  ruleGroup: 'Rule groups',
  rule: 'Rules',
  slo: 'SLOs',
};

interface SearchResponse {
  groups: { kind: SearchKind; items: Entry[] }[];
}

function localMatches(query: string, role: Role): { kind: Kind; items: Entry[] }[] {
  const terms = searchTerms(query);
  const actions = ACTIONS.filter((a) => RANK[role] >= RANK[a.needs]);
  if (terms.length === 0) return [{ kind: 'page', items: PAGES }, { kind: 'action', items: actions }];
  const fields = (e: { title: string; href: string; keywords?: string }) => [{ text: e.title, weight: 4 }, { text: e.href, weight: 1 }, { text: e.keywords ?? '', weight: 1 }];
  return [
    { kind: 'page' as const, items: rank(terms, PAGES.map((item) => ({ item, fields: fields(item) })), 5) },
    { kind: 'action' as const, items: rank(terms, actions.map((item) => ({ item, fields: fields(item) })), 5) },
  ].filter((g) => g.items.length > 0);
}

export default function CommandPalette({ role, onClose }: { role: Role; onClose: () => void }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const base = useId().replace(/:/g, '');
  const [query, setQuery] = useState('');
  const [remote, setRemote] = useState<{ query: string; groups: SearchResponse['groups'] }>({ query: '', groups: [] });
  const [status, setStatus] = useState<'idle' | 'loading' | 'error'>('idle');
  const [errorText, setErrorText] = useState('');
  const [active, setActive] = useState(0);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (!element.open) element.showModal();
    input.current?.focus();
    const closed = () => onClose();
    element.addEventListener('close', closed);
    return () => element.removeEventListener('close', closed);
  }, [onClose]);

  // Server results, debounced; an older answer never replaces a newer one.
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setRemote({ query: '', groups: [] });
      setStatus('idle');
      return;
    }
    const controller = new AbortController();
    setStatus('loading');
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/api/v1/search?${new URLSearchParams({ q, limit: '6' })}`, { signal: controller.signal, credentials: 'same-origin' });
        const body = await response.json();
        if (!response.ok) {
          setStatus('error');
          setErrorText(body?.error?.message ?? `Search failed (HTTP ${response.status})`);
          return;
        }
        setRemote({ query: q, groups: (body as SearchResponse).groups });
        setStatus('idle');
      } catch (error) {
        if ((error as Error).name === 'AbortError') return;
        setStatus('error');
        setErrorText('The server did not answer.');
      }
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  const groups = useMemo(() => {
    const local = localMatches(query, role);
    const server = remote.query === query.trim() ? remote.groups : [];
    // Things first when searching; pages and actions first when the box is empty.
    return query.trim() ? [...server, ...local] : local;
  }, [query, role, remote]);
  const flat = useMemo(() => groups.flatMap((g) => g.items.map((item) => ({ ...item, kind: g.kind }))), [groups]);
  const optionId = (i: number) => `${base}-option-${i}`;

  useEffect(() => setActive(0), [query, remote]);
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);

  const go = (entry: Entry | undefined) => {
    if (!entry) return;
    dialog.current?.close();
    router.push(entry.href);
  };

  const keydown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const last = flat.length - 1;
    if (event.key === 'ArrowDown') setActive((i) => (i >= last ? 0 : i + 1));
    else if (event.key === 'ArrowUp') setActive((i) => (i <= 0 ? last : i - 1));
    else if (event.key === 'Home' && event.ctrlKey) setActive(0);
    else if (event.key === 'End' && event.ctrlKey) setActive(last);
    else if (event.key === 'PageDown') setActive((i) => Math.min(last, i + 5));
    else if (event.key === 'PageUp') setActive((i) => Math.max(0, i - 5));
    else if (event.key === 'Enter') go(flat[active]);
    else return;
    event.preventDefault();
  };

  const listId = `${base}-list`;
  const titleId = `${base}-title`;
  const statusText =
    status === 'error' ? errorText : status === 'loading' ? 'Searching…' : query.trim() && flat.length === 0 ? `Nothing matches “${query.trim()}”.` : query.trim() ? `${flat.length} result${flat.length === 1 ? '' : 's'}` : '';
  let index = -1;

  return (
    <dialog
      ref={dialog}
      className="palette"
      aria-labelledby={titleId}
      onClick={(event) => {
        // A click on the backdrop (outside the panel) closes it.
        if (event.target === dialog.current) dialog.current?.close();
      }}
    >
      <div className="palette-panel">
        <h2 id={titleId} className="visually-hidden">
          Search and go to
        </h2>
        <input
          ref={input}
          className="palette-input"
          type="text"
          role="combobox"
          aria-label="Search clusters, alerts, rules, SLOs, pages and actions"
          aria-expanded={flat.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={flat.length > 0 ? optionId(active) : undefined}
          placeholder="Search clusters, alerts, rules, SLOs, pages…"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={keydown}
        />
        <div id={listId} role="listbox" aria-label="Results" className="palette-list">
          {groups.map((group) => (
            <div key={group.kind} role="group" aria-labelledby={`${base}-group-${group.kind}`} className="palette-group">
              <div id={`${base}-group-${group.kind}`} className="palette-group-label" role="presentation">
                {GROUP_LABEL[group.kind]}
              </div>
              {group.items.map((item) => {
                index += 1;
                const i = index;
                return (
                  <div
                    key={`${group.kind}-${item.id}`}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === active}
                    className="palette-option"
                    data-kind={group.kind}
                    data-href={item.href}
                    onMouseMove={() => i !== active && setActive(i)}
                    onMouseDown={(event) => event.preventDefault()}
                    onClick={() => go(item)}
                  >
                    <span className="palette-option-title">{item.title}</span>
                    {item.detail && <span className="palette-option-detail">{item.detail}</span>}
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        <p className="palette-footer">
          <span role="status" aria-live="polite" className={status === 'error' ? 'error' : undefined}>
            {statusText}
          </span>
          <span className="hint" aria-hidden="true">
            ↑↓ to move · Enter to open · Esc to close
          </span>
        </p>
      </div>
    </dialog>
  );
}
