// The remaining error budget as a bar, a percentage and a word: colour only reinforces the word.
// No hooks: server pages and client components both render it.
import { budgetState, BUDGET_WORDS, percent } from './slo-text';

export function BudgetBar({ remaining, label }: { remaining: number; label?: string }) {
  const state = budgetState(remaining);
  const width = Math.min(1, Math.max(0, remaining)) * 100;
  return (
    <div className={`budget budget-${state}`} data-testid="budget">
      <div className="budget-head">
        <span className="budget-value">{percent(remaining)}</span>
        <span className="budget-caption">{label ?? 'budget left'}</span>
        <span className={`budget-word budget-word-${state}`}>{BUDGET_WORDS[state]}</span>
      </div>
      <div
        className="budget-bar"
        role="meter"
        aria-label={label ?? 'Error budget remaining'}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(width)}
        aria-valuetext={`${percent(remaining)} left, ${BUDGET_WORDS[state]}`}
      >
        <div className="budget-fill" style={{ width: `${width}%` }} />
      </div>
    </div>
  );
}
