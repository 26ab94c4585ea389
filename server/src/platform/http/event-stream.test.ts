import { describe, expect, it } from "vitest";
import type { EventBus, PlatformEvent } from "../events/event-bus.ts";
import { EventFanout, type EventStream } from "./event-stream.ts";

/** The part of the event bus the fan-out uses, fed by hand. */
function stubBus() {
  const handlers = new Map<string, Set<(event: PlatformEvent) => void>>();
  return {
    bus: {
      subscribe(topic: string, handler: (event: PlatformEvent) => void) {
        const set = handlers.get(topic) ?? new Set();
        handlers.set(topic, set);
        set.add(handler);
        return () => set.delete(handler);
      },
    } as unknown as EventBus,
    publish: (topic: string, n: number) => {
      for (const h of handlers.get(topic) ?? []) h({ topic, type: "bid", at: "", data: { sequence: n } });
    },
    listeners: (topic: string) => handlers.get(topic)?.size ?? 0,
  };
}
const frame = (e: PlatformEvent) => Buffer.from(`id: ${e.data.sequence}\n\n`);
const watcher = () => {
  const writes: string[] = [];
  return { writes, stream: { send: (b: Buffer) => writes.push(b.toString()) } as EventStream };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the hall fan-out", () => {
  it("sends a frame at once when the topic was quiet and gathers the frames that follow within the window into one write", async () => {
    const { bus, publish } = stubBus();
    const hall = new EventFanout(bus, frame, 30);
    const a = watcher();
    hall.join("t", a.stream);
    publish("t", 1);
    expect(a.writes).toEqual(["id: 1\n\n"]);
    publish("t", 2);
    publish("t", 3);
    expect(a.writes).toHaveLength(1);
    await sleep(60);
    expect(a.writes).toEqual(["id: 1\n\n", "id: 2\n\nid: 3\n\n"]);
    await sleep(60);
    publish("t", 4); // quiet again: at once
    expect(a.writes.at(-1)).toBe("id: 4\n\n");
  });

  it("gives a watcher only the frames published after it joined, even when some are still gathering", async () => {
    const { bus, publish } = stubBus();
    const hall = new EventFanout(bus, frame, 30);
    const a = watcher();
    const b = watcher();
    hall.join("t", a.stream);
    publish("t", 1);
    publish("t", 2); // gathering
    hall.join("t", b.stream);
    publish("t", 3);
    await sleep(60);
    expect(a.writes.join("")).toBe("id: 1\n\nid: 2\n\nid: 3\n\n");
    expect(b.writes).toEqual(["id: 3\n\n"]);
  });

  it("keeps one bus subscription per topic and drops it with the last watcher", () => {
    const { bus, listeners } = stubBus();
    const hall = new EventFanout(bus, frame, 30);
    const leaveA = hall.join("t", watcher().stream);
    const leaveB = hall.join("t", watcher().stream);
    expect(listeners("t")).toBe(1);
    leaveA();
    expect(listeners("t")).toBe(1);
    leaveB();
    expect(listeners("t")).toBe(0);
  });
});
