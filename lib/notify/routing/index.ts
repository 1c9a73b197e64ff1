// The notification decision logic: routing tree, time intervals, silences, inhibition and the
// aggregation-group state machine. Pure functions; time is always a parameter.

export * from './policy';
export * from './explain-routing';
export * from './time-intervals';
export * from './silences';
export * from './inhibition';
export * from './aggregation';
export { toNotification } from './notification';
export { flushId } from './flush-builder';
export { routeMuted, unmutedAt } from './flush-decision';
export { parseMatcherList, matchesMatcherList, parseMatcherText } from './matcher-list';
