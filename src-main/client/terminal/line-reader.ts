/**
 * Lines from stdin as a queue that is awaited one at a time, so prompts and commands work the
 * same typed by a person or piped by a script (readline's question() would drop piped lines
 * that arrive before it is asked).
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

const PROMPT = '> ';

export class LineReader {
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private readonly waiting: ((line: string | undefined) => void)[] = [];
  private ended = false;
  private muted = false;
  private prompting = false;

  constructor(
    input: Readable,
    private readonly output: Writable,
    private readonly interactive: boolean,
  ) {
    this.rl = createInterface({ input, output, terminal: interactive, prompt: '' });
    this.rl.on('line', (line) => {
      this.prompting = false;
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
    this.rl.on('close', () => {
      this.ended = true;
      for (const waiter of this.waiting.splice(0)) waiter(undefined);
    });
    if (interactive) {
      // readline echoes what is typed through this method; muting it hides a password.
      const rl = this.rl as Interface & { _writeToOutput(text: string): void };
      const write = rl._writeToOutput.bind(rl);
      rl._writeToOutput = (text: string) => {
        if (!this.muted || text.includes('\n') || text.includes('\r')) write(text);
      };
    }
  }

  /**
   * Prints a whole line. At a terminal, a line that arrives while the prompt waits goes above
   * it, and the prompt with what was typed so far is drawn again below.
   */
  print(text: string): void {
    if (!this.prompting || this.ended) {
      this.output.write(`${text}\n`);
      return;
    }
    this.output.write(`\r\x1b[2K${text}\n`);
    this.rl.prompt(true);
  }

  /** Shows the command prompt, for a person at a terminal only (a script's output stays clean). */
  prompt(): void {
    if (!this.interactive || this.ended) return;
    this.prompting = true;
    this.rl.setPrompt(PROMPT);
    this.rl.prompt(true);
  }

  /** The next line, or undefined once input has ended. */
  next(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Writes `prompt` (no newline) and reads the answer; `secret` hides typing on a terminal. */
  async ask(prompt: string, secret = false): Promise<string | undefined> {
    this.output.write(prompt);
    this.muted = secret && this.interactive;
    try {
      return await this.next();
    } finally {
      this.muted = false;
    }
  }

  close(): void {
    this.rl.close();
  }
}
