import { registerDemoClusters } from './clusters/register-demo-clusters';
import { PROMETHEUS_MISSING_MESSAGE } from './demo/prometheus-process';
import { startDemo, type DemoHandle } from './demo/start-demo';
import type { CoreContext } from './runtime/app-context';

/**
 * Starts `count` simulated clusters and registers them. Without the prometheus binary it logs
 * how to get it and returns null: the product runs on without the demo.
 */
export async function startAndRegisterDemo(core: CoreContext, count: number): Promise<DemoHandle | null> {
  let demo: DemoHandle;
  try {
    demo = await startDemo({ clusters: count });
  } catch (error) {
    if (error instanceof Error && error.message === PROMETHEUS_MISSING_MESSAGE) {
      core.logger.warn({ hint: PROMETHEUS_MISSING_MESSAGE }, 'demo clusters not started: Prometheus is not installed (set DEMO_CLUSTERS=0 to silence this)');
      return null;
    }
    throw error;
  }
  try {
    const { created, updated } = await registerDemoClusters(core, demo.clusters);
    core.logger.info({ prometheus: demo.prometheusUrl, created, updated }, 'demo clusters running (simulated)');
    return demo;
  } catch (error) {
    await demo.stop();
    throw error;
  }
}
