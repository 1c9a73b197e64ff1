/** The description simulated clusters are registered with; the UI marks such clusters "simulated". */
export const DEMO_CLUSTER_DESCRIPTION = 'Simulated cluster (demo)';
