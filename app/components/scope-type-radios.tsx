// The "which clusters" choice of the rule group and SLO forms.

export type ScopeType = 'all' | 'cluster' | 'selector';

const CHOICES = [
  ['all', 'All clusters'],
  ['cluster', 'One cluster'],
  ['selector', 'Clusters matching a label selector'],
] as const;

export function ScopeTypeRadios({ value, onChange }: { value: ScopeType; onChange: (type: ScopeType) => void }) {
  return (
    <>
      {CHOICES.map(([type, text]) => (
        <label key={type} className="row checkbox">
          <input type="radio" name="scope-type" value={type} checked={value === type} onChange={() => onChange(type)} /> {text}
        </label>
      ))}
    </>
  );
}
