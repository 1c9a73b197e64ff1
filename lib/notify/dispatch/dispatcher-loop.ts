import type { CoreContext } from '../../runtime/app-context';
import type { WorkerLoop } from '../../worker/worker';
import { decideNotifications } from './decide';
import { deliverDue } from './deliver';

/**
 * The worker loop that turns the rule engine's events into notifications: every tick it decides
 * (route, group, compute due flushes into the durable outbox) and then sends what is due.
 */
export function createDispatcherLoop(core: CoreContext, options: { tickMs?: number } = {}): WorkerLoop {
  return {
    name: 'notify-dispatch',
    intervalMs: options.tickMs ?? 1000,
    async run(now) {
      await decideNotifications(core, now);
      // Each failed attempt is logged by deliverDue with its channel and error.
      await deliverDue(core, now);
    },
  };
}
