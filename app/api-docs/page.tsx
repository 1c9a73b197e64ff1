import type { Metadata } from 'next';
import Script from 'next/script';

export const metadata: Metadata = { title: 'API reference' };

// Scalar's standalone bundle, served from this installation (no CDN: works air-gapped).
export default function ApiDocsPage() {
  // No CDN fonts, and none of Scalar's hosted services (AI agent, MCP, deploy, dev tools).
  const config = JSON.stringify({
    withDefaultFonts: false,
    telemetry: false,
    agent: { disabled: true },
    mcp: { disabled: true },
    showDeveloperTools: 'never',
    hideClientButton: false,
  });
  return (
    <div className="api-docs">
      <div id="api-reference" data-url="/api/v1/openapi.json" data-configuration={config} />
      <Script src="/vendor/scalar-standalone.js" strategy="afterInteractive" />
    </div>
  );
}
