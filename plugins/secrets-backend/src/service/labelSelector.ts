type Requirement = (labels: Record<string, string>) => boolean;

/**
 * A Kubernetes label selector string ("app=x,tier!=db,env in (a,b),!legacy") as a predicate,
 * for entities that use `backstage.io/kubernetes-label-selector`. Throws on syntax it cannot read.
 */
export function parseLabelSelector(selector: string): Requirement {
  const parts = selector.match(/([^,(]+(\([^)]*\))?)/g) ?? [];
  const requirements = parts
    .map(p => p.trim())
    .filter(Boolean)
    .map(parseRequirement);
  return labels => requirements.every(r => r(labels));
}

function parseRequirement(text: string): Requirement {
  let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(text);
  if (m) {
    const [, key, op, list] = m;
    const values = new Set(list.split(',').map(v => v.trim()));
    return op === 'in'
      ? l => key in l && values.has(l[key])
      : l => !(key in l) || !values.has(l[key]);
  }
  m = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$/.exec(text);
  if (m) {
    const [, key, op, value] = m;
    return op === '!=' ? l => l[key] !== value : l => l[key] === value;
  }
  m = /^(!?)([^\s!=]+)$/.exec(text);
  if (m) {
    const [, not, key] = m;
    return not ? l => !(key in l) : l => key in l;
  }
  throw new Error(`cannot parse label selector requirement '${text}'`);
}
