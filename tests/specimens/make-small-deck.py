#!/usr/bin/env python3
"""Makes tests/specimens/small-deck.pptx (python-pptx 1.0), a two-slide deck for
the fill tests and the bad inputs:

- slide 1: a title `{{item}}：接待量 {{接待量}}` in a text box named 标题, a
  column chart named 接待量 (one series, two points) and notes `{{item}}`;
- slide 2: a text box named 说明 reading `本月销售 {{销售额啊}}`, a name no
  spec defines (the bad inputs' unknown expression).

    python3 tests/specimens/make-small-deck.py
"""
import os

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "small-deck.pptx")


def main():
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    blank = prs.slide_layouts[6]
    s = prs.slides.add_slide(blank)
    tb = s.shapes.add_textbox(Emu(457200), Emu(300000), Emu(11000000), Emu(700000))
    tb.name = "标题"
    r = tb.text_frame.paragraphs[0].add_run()
    r.text = "{{item}}：接待量 {{接待量}}"
    r.font.size = Pt(28)
    cd = CategoryChartData()
    cd.categories = ["一", "二"]
    cd.add_series("接待量", (1, 2))
    gf = s.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(1200000), Emu(11000000), Emu(5000000), cd)
    gf.name = "接待量"
    s.notes_slide.notes_text_frame.text = "{{item}}"
    s = prs.slides.add_slide(blank)
    tb = s.shapes.add_textbox(Emu(457200), Emu(300000), Emu(11000000), Emu(700000))
    tb.name = "说明"
    tb.text_frame.text = "本月销售 {{销售额啊}}"
    prs.save(OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
