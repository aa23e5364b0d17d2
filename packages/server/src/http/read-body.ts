import type { IncomingMessage } from 'node:http';

/** What {@link readBody} found: the raw bytes, or that the body is larger than allowed. */
export type BodyRead = { readonly body: Buffer } | { readonly tooLarge: true };

/**
 * Reads a request body of at most `maxBytes`, as raw bytes (signatures are computed over bytes, not over
 * decoded text). Stops collecting as soon as the limit is passed — a declared `Content-Length` over it
 * is refused without reading anything — so a large upload never sits in memory.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: true };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return { tooLarge: true };
    chunks.push(chunk);
  }
  return { body: Buffer.concat(chunks) };
}
