// GET /favicon.ico - browsers and tools ask for it directly; the icon is app/icon.svg.
// A relative Location: correct whatever host the UI is reached at.
export const dynamic = 'force-static';

export function GET() {
  return new Response(null, { status: 308, headers: { Location: '/icon.svg' } });
}
