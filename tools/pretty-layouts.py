#!/usr/bin/env python3
"""Lays out layout XML one element per line, indented two spaces per level.

    tools/pretty-layouts.py layouts/*.xml layouts/master/*.xml

Only adds white space between two tags that touch (`><`), and never inside a
text element (`a:t`, or any `x:t`/`t`) nor next to text: deckgen's layout
loader (layout::dom::parse) drops white-space-only text outside text
elements, so the slides it writes are byte-identical either way. Text,
attributes, comments and the declaration are copied as they are. Files are
rewritten in place; running it twice changes nothing.

The themes (layouts/themes/) are left alone: they are written into the deck
as they stand, so their bytes are the deck's bytes.
"""
import re
import sys


def tokens(s):
    """Yields (kind, text): kind is 'open', 'close', 'empty', 'other' (comment,
    declaration, CDATA) or 'text'."""
    i = 0
    n = len(s)
    while i < n:
        if s[i] != '<':
            j = s.find('<', i)
            j = n if j < 0 else j
            yield 'text', s[i:j]
            i = j
        elif s.startswith('<!--', i):
            j = s.index('-->', i) + 3
            yield 'other', s[i:j]
            i = j
        elif s.startswith('<![CDATA[', i):
            j = s.index(']]>', i) + 3
            yield 'text', s[i:j]
            i = j
        elif s.startswith('<?', i):
            j = s.index('?>', i) + 2
            yield 'other', s[i:j]
            i = j
        else:
            j = i + 1
            quote = None
            while True:
                c = s[j]
                if quote:
                    if c == quote:
                        quote = None
                elif c in '"\'':
                    quote = c
                elif c == '>':
                    break
                j += 1
            tag = s[i:j + 1]
            i = j + 1
            if tag.startswith('</'):
                yield 'close', tag
            elif tag.endswith('/>'):
                yield 'empty', tag
            else:
                yield 'open', tag


def name(tag):
    return re.match(r'</?([^\s/>]+)', tag).group(1)


def keeps_space(n):
    return n == 't' or n.endswith(':t')


def pretty(s):
    out = []
    depth = 0
    stack = []
    prev = None  # kind of the previous token, white space between tags dropped
    toks = list(tokens(s))
    k = 0
    while k < len(toks):
        kind, t = toks[k]
        inside_text = any(keeps_space(x) for x in stack)
        if kind == 'text' and not inside_text and t.strip() == '' and prev in ('open', 'close', 'empty', 'other', None):
            # formatting white space between tags (or before the root): replaced below
            nxt = toks[k + 1][0] if k + 1 < len(toks) else None
            if nxt in ('open', 'close', 'empty', 'other', None):
                k += 1
                continue
        if kind == 'close':
            depth -= 1
        empty_pair = kind == 'close' and prev == 'open'  # <a:avLst></a:avLst> stays on one line
        if not inside_text and not empty_pair and prev is not None and prev != 'text' and kind != 'text':
            out.append('\n' + '  ' * depth)
        out.append(t)
        if kind == 'open':
            stack.append(name(t))
            depth += 1
        elif kind == 'close':
            stack.pop()
        prev = kind
        k += 1
    text = ''.join(out)
    return text if text.endswith('\n') else text + '\n'


def main():
    for path in sys.argv[1:]:
        with open(path, encoding='utf-8') as f:
            s = f.read()
        p = pretty(s)
        if pretty(p) != p:
            sys.exit(f'{path}: not stable under a second run')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(p)


if __name__ == '__main__':
    main()
