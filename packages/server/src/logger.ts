/** Where the server writes what operators need to see. Never given tokens or message texts. */
export interface RseLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Logs to the console with a prefix, so the server's lines stand out in a host's output. */
export const CONSOLE_LOGGER: RseLogger = {
  info: (message) => {
    console.info(`[rse] ${message}`);
  },
  warn: (message) => {
    console.warn(`[rse] ${message}`);
  },
  error: (message, error) => {
    if (error === undefined) console.error(`[rse] ${message}`);
    else console.error(`[rse] ${message}`, error);
  },
};
