import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ManifestRoute {
  page: string;
  regex: string;
}

/** Maps a request path to its route pattern ("/api/v1/clusters/[id]"), keeping label cardinality bounded. */
export type RouteLabeler = (pathname: string) => string;

/**
 * Builds a labeler from Next's routes manifest. Static assets collapse to one label; paths
 * that match no route (404s, scans) are "unmatched".
 */
export function routeLabelerFromManifest(manifest: {
  staticRoutes?: ManifestRoute[];
  dynamicRoutes?: ManifestRoute[];
}): RouteLabeler {
  const staticPages = new Map((manifest.staticRoutes ?? []).map((r) => [r.page, r.page]));
  const dynamic = (manifest.dynamicRoutes ?? []).map((r) => ({ page: r.page, regex: new RegExp(r.regex) }));
  return (pathname) => {
    if (pathname.startsWith('/_next/')) return '/_next/*';
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
    const exact = staticPages.get(trimmed);
    if (exact) return exact;
    return dynamic.find((route) => route.regex.test(trimmed))?.page ?? 'unmatched';
  };
}

/** Reads `.next/routes-manifest.json` under the project root. */
export function loadRouteLabeler(projectRoot: string): RouteLabeler {
  const file = path.join(projectRoot, '.next', 'routes-manifest.json');
  return routeLabelerFromManifest(JSON.parse(readFileSync(file, 'utf8')));
}
