/*
 * regexp.Compile's error for the patterns users get wrong, in Go's words
 * (`error parsing regexp: <code>: `<expr>``, regexp/syntax/parse.go). Go's RE2 has no lookaround
 * or backreferences, which JavaScript accepts.
 */
export function goRegexpError(expr: string): string | undefined {
  const fail = (code: string, part: string) =>
    `error parsing regexp: ${code}: \`${part}\``;
  const perl = /\(\?(<=|<!|=|!)/.exec(expr);
  if (perl)
    return fail('invalid or unsupported Perl syntax', `(?${perl[1][0]}`);
  const backref = /\\[1-9]/.exec(expr);
  if (backref) return fail('invalid escape sequence', backref[0]);
  try {
    // eslint-disable-next-line no-new
    new RegExp(expr);
    return undefined;
  } catch (error) {
    const text = (error as Error).message;
    if (/Unterminated group/.test(text)) return fail('missing closing )', expr);
    if (/Unmatched '\)'/.test(text)) return fail('unexpected )', expr);
    if (/Unterminated character class/.test(text))
      return fail('missing closing ]', expr.slice(expr.lastIndexOf('[')));
    if (/Nothing to repeat/.test(text)) {
      const op = /^[*+?]|(?<=[(|])[*+?]/.exec(expr)?.[0] ?? '*';
      return fail('missing argument to repetition operator', op);
    }
    if (/out of order in character class/.test(text))
      return fail('invalid character class range', expr);
    return fail('invalid escape sequence', expr);
  }
}
