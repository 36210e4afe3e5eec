/** What a refused value gets told: the first problem zod found, where it is and what is wrong. */
export function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }, what = 'value'): string {
  const i = error.issues[0];
  return i ? `${i.path.map(String).join('.') || what}: ${i.message}` : `invalid ${what}`;
}
