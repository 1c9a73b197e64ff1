import type { CoreContext } from '../../runtime/app-context';
import type { WorkerLoop } from '../../worker/worker';
import { decideNotifications } from './decide';
import { deliverDue } from './deliver';
import { ALERTMANAGER_RESEND_MS, resendToAlertmanagers } from './alertmanager-resend';

/**
 * The worker loop that turns the rule engine's events into notifications: every tick it decides
 * (route, group, compute due flushes into the durable outbox) and then sends what is due; once a
 * minute it also resends the firing alerts of Alertmanager channels (alertmanager-resend.ts).
 */
export function createDispatcherLoop(core: CoreContext, options: { tickMs?: number } = {}): WorkerLoop {
  let lastResend = -Infinity;
  return {
    name: 'notify-dispatch',
    intervalMs: options.tickMs ?? 1000,
    async run(now) {
      await decideNotifications(core, now);
      // Each failed attempt is logged by deliverDue with its channel and error.
      await deliverDue(core, now);
      if (now.getTime() - lastResend >= ALERTMANAGER_RESEND_MS) {
        lastResend = now.getTime();
        await resendToAlertmanagers(core, now);
      }
    },
  };
}
