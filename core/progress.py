"""Progress of a long command: counts and time left on a terminal, one closing line elsewhere.

On a terminal the line is redrawn in place a few times a second; in CI logs and pipes only the final
count is written, so logs stay terse.
"""

import time


def format_seconds(seconds):
    seconds = max(0, int(seconds + 0.5))
    if seconds < 60:
        return f"{seconds} 秒"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} 分 {seconds:02d} 秒"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} 小时 {minutes:02d} 分"


class Progress:
    """`with Progress(stdout, "导出数据", total) as progress: … progress.advance(n)`.

    `stream` is a management command's OutputWrapper (or any file with write()); `interactive` defaults
    to whether it is a terminal."""

    REDRAW_SECONDS = 0.25

    def __init__(self, stream, label, total, *, unit="条", interactive=None, clock=time.monotonic):
        self.stream = stream
        self.label = label
        self.total = max(0, int(total))
        self.unit = unit
        self.interactive = stream.isatty() if interactive is None else interactive
        self.clock = clock
        self.done = 0
        self.started = self.clock()
        self.drawn_at = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is None:
            self.finish()
        elif self.interactive and self.drawn_at is not None:
            self._write("\n")

    def advance(self, count=1):
        self.done += count
        if self.interactive:
            now = self.clock()
            if self.drawn_at is None or now - self.drawn_at >= self.REDRAW_SECONDS:
                self.drawn_at = now
                self._write(f"\r{self.line(now)}\033[K")

    def line(self, now=None):
        now = self.clock() if now is None else now
        elapsed = now - self.started
        text = f"{self.label}：{self.done:,}/{self.total:,} {self.unit}"
        if self.total:
            text += f"（{min(100, 100 * self.done // self.total)}%）"
        if 0 < self.done < self.total and elapsed > 0:
            text += f"，约剩 {format_seconds(elapsed / self.done * (self.total - self.done))}"
        return text

    def finish(self):
        elapsed = self.clock() - self.started
        text = f"{self.label}：{self.done:,} {self.unit}，用时 {format_seconds(elapsed)}"
        self._write(f"\r{text}\033[K\n" if self.interactive else f"{text}\n")

    def _write(self, text):
        # OutputWrapper adds its own ending unless told not to; a plain file has no `ending`.
        try:
            self.stream.write(text, ending="")
        except TypeError:
            self.stream.write(text)
        if hasattr(self.stream, "flush"):
            self.stream.flush()
