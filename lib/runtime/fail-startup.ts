/** Last resort for an entry point whose startup threw: one JSON line on stderr, exit 1. */
export function failStartup(component: string) {
  return (error: unknown) => {
    const err = error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
    process.stderr.write(
      JSON.stringify({ level: 'fatal', time: new Date().toISOString(), component, msg: 'startup failed', err }) + '\n',
    );
    process.exit(1);
  };
}
