/**
 * The last `maxChars` characters of a terminal's output, so a viewer that connects late sees the recent screen
 * contents. When old output is dropped, the kept text starts after a line break where one is near, so replay does not
 * begin in the middle of an escape sequence.
 */
export class ReplayBuffer {
  private chunks: string[] = [];
  private size = 0;
  private trimmed = false;

  constructor(private readonly maxChars: number) {}

  append(chunk: string): void {
    if (chunk === '') return;
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.maxChars && this.chunks.length > 0) {
      const first = this.chunks[0] ?? '';
      const excess = this.size - this.maxChars;
      this.trimmed = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.slice(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    const all = this.chunks.join('');
    this.chunks = all === '' ? [] : [all];
    if (!this.trimmed) return all;
    const lineBreak = all.indexOf('\n');
    return lineBreak >= 0 && lineBreak < 4096 ? all.slice(lineBreak + 1) : all;
  }

  get length(): number {
    return this.size;
  }
}
