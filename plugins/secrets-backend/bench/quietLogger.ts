import type { LoggerService } from '@backstage/backend-plugin-api';

/** The cache logs a warning per failed watch; the benchmark keeps only a count of them. */
export const loggedWarnings = { count: 0 };

export const quietLogger: LoggerService = {
  error: () => void loggedWarnings.count++,
  warn: () => void loggedWarnings.count++,
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};
