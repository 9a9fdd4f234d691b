#!/usr/bin/env python3
"""Makes the bundled font subsets from Noto Sans CJK SC (Debian: fonts-noto-cjk).

    pip install fonttools
    python3 assets/fonts/subset.py [/usr/share/fonts/opentype/noto]

Characters kept: printable ASCII and Latin-1, general punctuation (U+2010-203F),
CJK symbols and punctuation (U+3000-303F), full-width forms (U+FF01-FF5E),
all of GB 2312 (its 682 symbols, level 1's 3,755 and level 2's 3,008 hanzi:
every hanzi of level 1 alone would miss common name characters such as 婷, 怡,
琪, 萱, 梓), and EXTRA below (arrows and marks the decks draw, name characters
outside GB 2312). Outlines only: no hinting, no OpenType layout, no vertical
metrics (deckgen draws horizontal text and needs none of them).
"""
import os
import sys

from fontTools import subset

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto"
HERE = os.path.dirname(os.path.abspath(__file__))
# Face 2 of the collection is Noto Sans CJK SC.
FACE_SC = 2

EXTRA = (
    "¥·–—•‹›▲△▼▽▶◀►◄✓✗✔✘★☆●○◎◆◇■□…‘’“”「」『』【】〔〕《》〈〉"
    "→←↑↓℃°‰€£￥±×÷≤≥≠≈∞"
    # Name characters outside GB 2312.
    "喆堃玥昇珺琇婕妤翊煜昊晗晞暄炜烨玮琦瑾璇筠钰铭锴雯霏韬颢旻昕晟浩淇涵瀚熠犇珈琰瑜璐甄睿祎祺竣羿翀翌翟芃茜莜萌菡蓓蔚蕾薇鑫"
)


def gb2312(rows):
    out = []
    for row in rows:
        for cell in range(0xA1, 0xFF):
            try:
                out.append(bytes([row + 0xA0, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def characters():
    ranges = [(0x20, 0x7F), (0xA0, 0x100), (0x2010, 0x2040), (0x3000, 0x3040), (0xFF01, 0xFF5F)]
    chars = {chr(c) for a, b in ranges for c in range(a, b)}
    chars |= set(gb2312(range(1, 10)))  # symbols
    chars |= set(gb2312(range(16, 88)))  # level 1 and level 2 hanzi
    chars |= set(EXTRA)
    return "".join(sorted(chars))


def main():
    text = characters()
    for weight in ("Regular", "Bold"):
        src = os.path.join(SRC, f"NotoSansCJK-{weight}.ttc")
        out = os.path.join(HERE, f"NotoSansCJKsc-{weight}-subset.otf")
        options = subset.Options()
        options.font_number = FACE_SC
        options.layout_features = []
        options.hinting = False
        options.notdef_outline = True
        options.name_IDs = ["*"]
        options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GDEF", "GPOS", "GSUB", "DSIG"]
        font = subset.load_font(src, options)
        sub = subset.Subsetter(options)
        sub.populate(text=text)
        sub.subset(font)
        subset.save_font(font, out, options)
        print(f"{out}: {os.path.getsize(out):,} bytes, {len(font.getGlyphOrder())} glyphs")
    print(f"{len(text)} characters")


if __name__ == "__main__":
    main()
