"""A VT100 screen, enough of one to read what a curses tool drew (cachetop):
the sweep runs such a tool on a pseudo-terminal with TERM=vt100 and feeds
everything it writes to Screen.feed(). Each time the tool clears the whole
screen, the screen it had drawn becomes a frame (its non-blank lines);
frames() adds the screen as it was at the end.

Handled: printable text, CR, LF, BS, TAB, cursor addressing and moves
(CSI H f A B C D d G), erase in line and display (CSI K J). Attributes,
modes, charsets and keypad switches change nothing on the text and are
skipped."""
import re

CSI = re.compile(r"\x1b\[([?>=]?)([\d;]*)([@-~])")
OTHER_ESC = re.compile(r"\x1b(?:[()*+][\x20-\x7e]|[\x20-\x2f]*[\x30-\x7e])")


class Screen:
    def __init__(self, rows, cols):
        self.rows, self.cols = rows, cols
        self.grid = [[" "] * cols for _ in range(rows)]
        self.y = self.x = 0
        self.done = []
        self.pending = ""

    def _lines(self):
        return [l for l in ("".join(r).rstrip() for r in self.grid) if l]

    def _erase_display(self, mode):
        if mode == 2 or (mode == 0 and self.y == 0 and self.x == 0):
            lines = self._lines()
            if lines:
                self.done.append(lines)
        if mode == 2:
            rows = range(self.rows)
        elif mode == 1:
            rows = range(self.y)
            self.grid[self.y][:self.x + 1] = [" "] * (self.x + 1)
        else:
            rows = range(self.y + 1, self.rows)
            self.grid[self.y][self.x:] = [" "] * (self.cols - self.x)
        for r in rows:
            self.grid[r] = [" "] * self.cols

    def _newline(self):
        if self.y == self.rows - 1:
            self.grid = self.grid[1:] + [[" "] * self.cols]
        else:
            self.y += 1

    def _put(self, ch):
        if self.x >= self.cols:      # autowrap
            self.x = 0
            self._newline()
        self.grid[self.y][self.x] = ch
        self.x += 1

    def _csi(self, private, params, final):
        if private:
            return                    # modes (?25l, ?1h): nothing on the text
        n = [int(p) if p else 0 for p in params.split(";")] if params else []
        one = (n[0] if n and n[0] else 1)
        if final in "Hf":
            self.y = min(max((n[0] if n and n[0] else 1) - 1, 0), self.rows - 1)
            self.x = min(max((n[1] if len(n) > 1 and n[1] else 1) - 1, 0), self.cols - 1)
        elif final == "A":
            self.y = max(self.y - one, 0)
        elif final == "B":
            self.y = min(self.y + one, self.rows - 1)
        elif final == "C":
            self.x = min(self.x + one, self.cols - 1)
        elif final == "D":
            self.x = max(self.x - one, 0)
        elif final == "d":
            self.y = min(one - 1, self.rows - 1)
        elif final == "G":
            self.x = min(one - 1, self.cols - 1)
        elif final == "J":
            self._erase_display(n[0] if n else 0)
        elif final == "K":
            mode = n[0] if n else 0
            row = self.grid[self.y]
            lo, hi = {0: (self.x, self.cols), 1: (0, self.x + 1), 2: (0, self.cols)}.get(
                mode, (0, 0))
            row[lo:hi] = [" "] * (hi - lo)

    def feed(self, text):
        text = self.pending + text
        self.pending = ""
        i = 0
        while i < len(text):
            c = text[i]
            if c == "\x1b":
                m = CSI.match(text, i) or OTHER_ESC.match(text, i)
                if not m:
                    if len(text) - i < 16:    # a sequence cut by the read: later
                        self.pending = text[i:]
                        return
                    i += 1
                    continue
                if m.re is CSI:
                    self._csi(*m.groups())
                i = m.end()
                continue
            if c == "\r":
                self.x = 0
            elif c == "\n":
                self._newline()
            elif c == "\b":
                self.x = max(self.x - 1, 0)
            elif c == "\t":
                self.x = min((self.x // 8 + 1) * 8, self.cols - 1)
            elif c >= " " and c != "\x7f":
                self._put(c)
            i += 1

    def frames(self):
        last = self._lines()
        return self.done + ([last] if last else [])
