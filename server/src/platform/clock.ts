/** The server clock is the authority for every deadline; tests swap in a controllable one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and move forward. */
export class TestClock implements Clock {
  private current: number;
  constructor(start: Date | string = "2026-03-02T02:00:00Z") {
    this.current = new Date(start).getTime();
  }
  now() {
    return new Date(this.current);
  }
  set(at: Date | string) {
    this.current = new Date(at).getTime();
  }
  advance(ms: number) {
    this.current += ms;
  }
}
