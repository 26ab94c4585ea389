/** A one-line progress bar on stderr for long-running commands (silent when stderr is not a TTY). */
export function progressBar(label: string) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update(done: number, total: number, stage = "") {
      const now = Date.now();
      if (!tty || (now - last < 100 && done < total)) return;
      last = now;
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const width = 30;
      const filled = Math.round(ratio * width);
      process.stderr.write(`\r${label} ${stage.padEnd(6)} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}
