import { describe, expect, it, vi } from 'vitest';
import { errorResponse } from '../../lib/http/errors';

function fakeLogger() {
  return { info: vi.fn(), error: vi.fn() } as unknown as Parameters<typeof errorResponse>[1] & { info: ReturnType<typeof vi.fn>; error: ReturnType<typeof vi.fn> };
}

describe('errorResponse', () => {
  it('a client that closed the connection mid-request is logged as info, not as a server error', async () => {
    const logger = fakeLogger();
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
    const response = errorResponse(aborted, logger);
    expect(response.status).toBe(499);
    expect(logger.error).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledOnce();
  });

  it('anything else unexpected is still a logged 500', async () => {
    const logger = fakeLogger();
    const response = errorResponse(new Error('boom'), logger);
    expect(response.status).toBe(500);
    expect(logger.error).toHaveBeenCalledOnce();
  });
});
