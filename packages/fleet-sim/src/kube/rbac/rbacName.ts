/**
 * ValidateRBACName (pkg/apis/rbac/validation): RBAC object names are path segments
 * (apimachinery path.IsValidPathSegmentName), not DNS subdomains, so `system:basic-user` is valid.
 */
export function pathSegmentNameProblems(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return ['/', '%']
    .filter(c => name.includes(c))
    .map(c => `may not contain '${c}'`);
}
