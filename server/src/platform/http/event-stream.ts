import type { FastifyReply, FastifyRequest } from "fastify";

const HEAD = Buffer.from(
  "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\nx-accel-buffering: no\r\nconnection: close\r\n\r\n",
);
const KEEP_ALIVE = Buffer.from(": keep-alive\n\n");

/** One SSE frame (`id:` when given), encoded once for every watcher that receives it. */
export function sseFrame(type: string, data: unknown, id?: number): Buffer {
  return Buffer.from(`${id === undefined ? "" : `id: ${id}\n`}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
}

/**
 * A Server-Sent Events stream (the opening hall, the auction hall). The response is written straight to the
 * socket and ends when the connection closes (a close-delimited HTTP/1.1 body): each frame is one write of a
 * buffer shared by every watcher, with no chunked-encoding framing around it — thousands of watchers make the
 * per-write cost the cost of a hall. A comment line every 15 s keeps proxies from closing an idle stream.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, onClose: () => void) {
  reply.hijack();
  const socket = request.raw.socket;
  socket.setNoDelay(true);
  socket.write(HEAD);
  const heartbeat = setInterval(() => socket.write(KEEP_ALIVE), 15_000);
  socket.once("close", () => {
    clearInterval(heartbeat);
    onClose();
  });
  return {
    send(frame: Buffer) {
      if (!socket.destroyed) socket.write(frame);
    },
  };
}
