import type { FastifyReply, FastifyRequest } from "fastify";
import type { EventBus, PlatformEvent } from "../events/event-bus.ts";

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

export type EventStream = ReturnType<typeof openEventStream>;

/**
 * The live frames of one topic to all its streams. A frame leaves at once when the topic has been quiet for
 * `windowMs`; frames that follow sooner gather and leave together at the end of the window, as one buffer written
 * once to each stream: a busy hall costs one socket write per watcher per window, not one per event.
 */
class TopicFanout {
  /** Each stream and the index of the first frame it takes (the frames pushed before it joined it already has). */
  private readonly streams = new Map<EventStream, number>();
  private pending: Buffer[] = [];
  private pushed = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(private readonly windowMs: number) {}

  get size() {
    return this.streams.size;
  }

  join(stream: EventStream) {
    this.streams.set(stream, this.pushed);
  }

  leave(stream: EventStream) {
    this.streams.delete(stream);
  }

  push(frame: Buffer) {
    this.pending.push(frame);
    this.pushed++;
    if (this.timer) return;
    const wait = this.lastFlush + this.windowMs - performance.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  stop() {
    clearTimeout(this.timer);
  }

  private flush() {
    this.timer = undefined;
    this.lastFlush = performance.now();
    const frames = this.pending;
    this.pending = [];
    const first = this.pushed - frames.length;
    const all = frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames);
    for (const [stream, from] of this.streams) {
      if (from <= first) stream.send(all);
      else if (from < this.pushed) stream.send(Buffer.concat(frames.slice(from - first)));
    }
  }
}

/** The live frames of the event bus's topics to their SSE streams (one bus subscription per watched topic). */
export class EventFanout {
  private readonly topics = new Map<string, { fanout: TopicFanout; unsubscribe: () => void }>();

  constructor(
    private readonly events: EventBus,
    private readonly frameOf: (event: PlatformEvent) => Buffer,
    private readonly windowMs = 40,
  ) {}

  /** `stream` takes the topic's frames published from now on; returns what makes it stop. */
  join(topic: string, stream: EventStream): () => void {
    let entry = this.topics.get(topic);
    if (!entry) {
      const fanout = new TopicFanout(this.windowMs);
      entry = { fanout, unsubscribe: this.events.subscribe(topic, (event) => fanout.push(this.frameOf(event))) };
      this.topics.set(topic, entry);
    }
    const joined = entry;
    joined.fanout.join(stream);
    return () => {
      joined.fanout.leave(stream);
      if (joined.fanout.size === 0 && this.topics.get(topic) === joined) {
        joined.unsubscribe();
        joined.fanout.stop();
        this.topics.delete(topic);
      }
    };
  }
}
