import { describe, expect, it } from 'vitest';
import { routeLabelerFromManifest } from '../../lib/http/route-label';

// The shape Next 16 writes to .next/routes-manifest.json.
const manifest = {
  staticRoutes: [
    { page: '/', regex: '^/(?:/)?$' },
    { page: '/api/healthz', regex: '^/api/healthz(?:/)?$' },
    { page: '/clusters', regex: '^/clusters(?:/)?$' },
  ],
  dynamicRoutes: [{ page: '/clusters/[id]', regex: '^/clusters/([^/]+?)(?:/)?$' }],
};

describe('route labels for the request histogram', () => {
  const label = routeLabelerFromManifest(manifest);
  it('keeps static routes', () => {
    expect(label('/')).toBe('/');
    expect(label('/clusters')).toBe('/clusters');
    expect(label('/clusters/')).toBe('/clusters');
  });
  it('collapses dynamic segments to the route pattern', () => {
    expect(label('/clusters/8f7c')).toBe('/clusters/[id]');
    expect(label('/clusters/another-id')).toBe('/clusters/[id]');
  });
  it('bounds cardinality for assets and unknown paths', () => {
    expect(label('/_next/static/chunks/abc123.js')).toBe('/_next/*');
    expect(label('/wp-login.php')).toBe('unmatched');
    expect(label('/clusters/a/b/c')).toBe('unmatched');
  });
});
