// The policy tree, read-only: each route's matchers, receiver, grouping and timings (marked set /
// inherited / default), continue, mute and active time intervals, escalation. With an
// explanation from "Which route would this alert take?", every route also says whether the
// alert matched it, and the routes that notify are highlighted.
import type { RouteView, SettingView } from './route-view';

export interface RouteExplanationView {
  id: string;
  status: 'matched' | 'not-matched' | 'not-evaluated';
  selected: boolean;
  reason: string;
  children: RouteExplanationView[];
}

const SOURCE_TEXT = { set: '', inherited: 'inherited', default: 'default' } as const;

function Setting({ name, setting }: { name: string; setting: SettingView }) {
  return (
    <div className="route-setting">
      <dt>{name}</dt>
      <dd>
        {setting.value}
        {setting.source !== 'set' && <span className="hint"> ({SOURCE_TEXT[setting.source]})</span>}
      </dd>
    </div>
  );
}

const OUTCOME = {
  selected: { word: 'notifies', className: 'route-selected' },
  matched: { word: 'matched', className: 'route-matched' },
  'not-matched': { word: 'no match', className: 'route-not-matched' },
  'not-evaluated': { word: 'not tried', className: 'route-not-evaluated' },
} as const;

function flatten(explanation: RouteExplanationView | undefined, into = new Map<string, RouteExplanationView>()) {
  if (!explanation) return into;
  into.set(explanation.id, explanation);
  explanation.children.forEach((child) => flatten(child, into));
  return into;
}

function RouteNode({ route, outcomes }: { route: RouteView; outcomes: Map<string, RouteExplanationView> }) {
  const outcome = outcomes.get(route.id);
  const kind = outcome ? (outcome.selected ? OUTCOME.selected : OUTCOME[outcome.status]) : undefined;
  const root = route.depth === 0;
  return (
    <li className={`route-node ${kind?.className ?? ''}`} data-route={route.id}>
      <div className="route-card">
        <div className="route-head">
          <code className="route-id">{route.id}</code>
          {root ? (
            <span className="hint">root: every alert</span>
          ) : route.matchers.length ? (
            <span className="labels">
              {route.matchers.map((m) => (
                <code key={m}>{m}</code>
              ))}
            </span>
          ) : (
            <span className="hint">no matchers: every alert that reaches it</span>
          )}
          <span className="route-receiver">
            → <strong>{route.receiver.value}</strong>
            {route.receiver.source === 'inherited' && <span className="hint"> (inherited)</span>}
          </span>
          {route.continue && <span className="tag">continue</span>}
          {kind && (
            <span className={`state-tag route-outcome`} data-testid="route-outcome">
              {kind.word}
            </span>
          )}
        </div>
        {outcome && <p className="route-reason hint">{outcome.reason}</p>}
        <dl className="route-settings">
          <Setting name="group by" setting={route.groupBy} />
          <Setting name="group wait" setting={route.groupWait} />
          <Setting name="group interval" setting={route.groupInterval} />
          <Setting name="repeat interval" setting={route.repeatInterval} />
          {route.muteTimeIntervals.length > 0 && (
            <div className="route-setting">
              <dt>muted during</dt>
              <dd>
                {route.muteTimeIntervals.map((name, i) => (
                  <span key={name}>
                    {i > 0 && ', '}
                    <a href={`/notifications/mute-timings#interval-${encodeURIComponent(name)}`}>{name}</a>
                  </span>
                ))}
              </dd>
            </div>
          )}
          {route.activeTimeIntervals.length > 0 && (
            <div className="route-setting">
              <dt>only during</dt>
              <dd>
                {route.activeTimeIntervals.map((name, i) => (
                  <span key={name}>
                    {i > 0 && ', '}
                    <a href={`/notifications/mute-timings#interval-${encodeURIComponent(name)}`}>{name}</a>
                  </span>
                ))}
              </dd>
            </div>
          )}
          {route.escalation && <Setting name="escalation" setting={route.escalation} />}
        </dl>
      </div>
      {route.children.length > 0 && (
        <ol className="route-children">
          {route.children.map((child) => (
            <RouteNode key={child.id} route={child} outcomes={outcomes} />
          ))}
        </ol>
      )}
    </li>
  );
}

export function RouteTree({ tree, explanation }: { tree: RouteView; explanation?: RouteExplanationView }) {
  return (
    <ol className="route-tree" aria-label="Routes">
      <RouteNode route={tree} outcomes={flatten(explanation)} />
    </ol>
  );
}
