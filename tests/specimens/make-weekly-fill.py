#!/usr/bin/env python3
"""Makes decks/assets/周报模板.pptx: a weekly report as a supervisor would lay
it out by hand, with `{{…}}` expressions where the figures go, written by
another generator (python-pptx 1.0, the library pptx-check uses).

It has what `decks/weekly-fill.yaml` fills: expressions in titles, text
boxes, a group, a table cell, speaker notes and chart titles (one typed in
three runs, as PowerPoint saves text whose formatting changes mid-word); a
column chart and a line chart with placeholder data (the line chart has one
series and five points more or fewer than the data brings); a table with a
header and two rows; a slide repeated per item of the 待办 list that needs another
department's help and is open at the week's end;
and a slide kept only when a target was missed.

    python3 tests/specimens/make-weekly-fill.py

The result is committed; this script says how it was made.
"""
import os

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Emu, Pt

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "decks", "assets", "周报模板.pptx")
BRAND = RGBColor(0x1F, 0x5C, 0x99)
ORANGE = RGBColor(0xE0, 0x7B, 0x28)
GREY = RGBColor(0x59, 0x59, 0x59)


def runs(paragraph, parts):
    """Adds runs: (text, size, bold, colour) each."""
    for text, size, bold, color in parts:
        r = paragraph.add_run()
        r.text = text
        r.font.size = Pt(size)
        r.font.bold = bold
        if color is not None:
            r.font.color.rgb = color


def text_box(slide, x, y, w, h, name, parts, align=None):
    tb = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
    tb.name = name
    tf = tb.text_frame
    tf.word_wrap = True
    first = True
    for para in parts:
        p = tf.paragraphs[0] if first else tf.add_paragraph()
        first = False
        if align is not None:
            p.alignment = align
        runs(p, para)
    return tb


def band(slide, prs, title_parts):
    """A coloured title band across the top, the title in white."""
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, Emu(820000))
    bar.name = "标题栏"
    bar.fill.solid()
    bar.fill.fore_color.rgb = BRAND
    bar.line.fill.background()
    tf = bar.text_frame
    tf.margin_left = Emu(457200)
    runs(tf.paragraphs[0], title_parts)
    foot = text_box(slide, 457200, 6430000, 8000000, 300000, "页脚",
                    [[("{{deck.company}} · 客服部周报 · {{period.label}}", 10, False, GREY)]])
    return bar, foot


def notes(slide, text):
    slide.notes_slide.notes_text_frame.text = text


def main():
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)
    blank = prs.slide_layouts[6]

    # 1. Cover.
    s = prs.slides.add_slide(blank)
    bg = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, prs.slide_width, prs.slide_height)
    bg.name = "封面底色"
    bg.fill.solid()
    bg.fill.fore_color.rgb = BRAND
    bg.line.fill.background()
    text_box(s, 900000, 2000000, 10000000, 1200000, "封面标题", [[("客服部周报", 44, True, RGBColor(255, 255, 255))]])
    text_box(s, 900000, 3300000, 10000000, 1400000, "封面副标题", [
        [("{{period.label}}", 24, False, RGBColor(255, 255, 255))],
        [("{{deck.company}}　汇报人：{{deck.author}}", 16, False, RGBColor(0xDD, 0xE6, 0xF0))],
    ])
    notes(s, "本周周报：{{period.label}}。销售额{{店铺销售额}}，环比{{店铺销售额.vs_prev}}。")

    # 2. Key figures: expressions in text boxes and in a group, one typed in three runs.
    s = prs.slides.add_slide(blank)
    band(s, prs, [("本周核心指标（{{period.label}}）", 24, True, RGBColor(255, 255, 255))])
    cards = [
        ("店铺销售额", "{{店铺销售额}}", "环比{{店铺销售额.vs_prev}}"),
        ("询单转化率", None, "目标{{询单转化率.target | pct(1)}}，{{询单转化率.vs_target}}"),
        ("首次响应时间", "{{首响}}", "环比{{首响.vs_prev}}"),
        ("客户满意率", "{{满意率}}", "环比{{满意率.vs_prev}}"),
    ]
    for i, (label, value, note) in enumerate(cards):
        x = 457200 + i * 2850000
        card = s.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, Emu(x), Emu(1300000), Emu(2650000), Emu(2000000))
        card.name = f"卡片{i + 1}"
        card.fill.solid()
        card.fill.fore_color.rgb = RGBColor(0xEE, 0xF3, 0xF9)
        card.line.fill.background()
        tf = card.text_frame
        runs(tf.paragraphs[0], [(label, 14, False, GREY)])
        p = tf.add_paragraph()
        if value is None:
            # As PowerPoint saves an expression typed with a formatting change inside it.
            runs(p, [("{{询单", 28, True, BRAND), ("转化", 28, False, ORANGE), ("率}}", 28, True, BRAND)])
        else:
            runs(p, [(value, 28, True, BRAND)])
        runs(tf.add_paragraph(), [(note, 12, False, GREY)])
    group = s.shapes.add_group_shape()
    group.name = "说明组"
    text_box(group, 457200, 3700000, 11277600, 600000, "说明", [[
        ("询单{{询单人数}}，下单{{下单人数}}；接待量{{接待量}}，中差评{{中差评数}}（环比{{中差评数.vs_prev}}）。", 14, False, GREY),
    ]])
    notes(s, "先讲销售额：{{店铺销售额}}，{{店铺销售额.vs_prev}}；再讲转化率{{询单转化率}}。")

    # 3. Daily sales: a column chart named 每日销售额 with a title expression.
    s = prs.slides.add_slide(blank)
    band(s, prs, [("每日销售额", 24, True, RGBColor(255, 255, 255))])
    cd = CategoryChartData()
    cd.categories = ["周一", "周二", "周三"]
    cd.add_series("本周", (1, 2, 3))
    cd.add_series("上周", (1, 1, 2))
    gf = s.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(1100000), Emu(7600000), Emu(5000000), cd)
    gf.name = "每日销售额"
    ch = gf.chart
    ch.has_title = True
    ch.chart_title.text_frame.text = "{{period.label}}店铺销售额（元）"
    ch.has_legend = True
    ch.legend.position = XL_LEGEND_POSITION.BOTTOM
    ch.legend.include_in_layout = False
    plot = ch.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    plot.data_labels.number_format = "#,##0"
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(9)
    plot.series[0].format.fill.solid()
    plot.series[0].format.fill.fore_color.rgb = BRAND
    plot.series[1].format.fill.solid()
    plot.series[1].format.fill.fore_color.rgb = RGBColor(0xBF, 0xBF, 0xBF)
    # The best day painted by hand.
    pt = plot.series[0].points[2]
    pt.format.fill.solid()
    pt.format.fill.fore_color.rgb = ORANGE
    text_box(s, 8300000, 1300000, 3450000, 4600000, "解读", [
        [("销售额最高：{{店铺销售额.best}}", 14, False, None)],
        [("环比{{店铺销售额.vs_prev}}", 14, False, None)],
    ])

    # 4. Response times: a line chart named 每日响应时间 with three series of five points.
    s = prs.slides.add_slide(blank)
    band(s, prs, [("每日响应时间", 24, True, RGBColor(255, 255, 255))])
    cd = CategoryChartData()
    cd.categories = ["1", "2", "3", "4", "5"]
    cd.add_series("首响", (20, 21, 19, 22, 20))
    cd.add_series("平响", (33, 35, 34, 36, 33))
    cd.add_series("目标", (20, 20, 20, 20, 20))
    gf = s.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Emu(457200), Emu(1100000), Emu(11277600), Emu(4700000), cd)
    gf.name = "每日响应时间"
    ch = gf.chart
    ch.has_title = True
    ch.chart_title.text_frame.text = "首响{{首响}}，平响{{平响}}"
    ch.has_legend = True
    ch.legend.position = XL_LEGEND_POSITION.TOP
    ch.legend.include_in_layout = False
    ch.value_axis.has_major_gridlines = True
    ch.series[0].format.line.color.rgb = BRAND
    ch.series[1].format.line.color.rgb = ORANGE
    ch.series[1].format.line.dash_style = 4  # dash

    # 5. Next week's focus: a table named 下周重点表 with a header and two rows.
    s = prs.slides.add_slide(blank)
    band(s, prs, [("下周工作重点", 24, True, RGBColor(255, 255, 255))])
    rows, cols = 3, 4
    gf = s.shapes.add_table(rows, cols, Emu(457200), Emu(1200000), Emu(11277600), Emu(1200000))
    gf.name = "下周重点表"
    tbl = gf.table
    for c, (head, w) in enumerate([("事项", 2400000), ("负责人", 1500000), ("目标", 5577600), ("截止日期", 1800000)]):
        tbl.columns[c].width = Emu(w)
        tbl.cell(0, c).text = head
    for r in (1, 2):
        for c in range(cols):
            cell = tbl.cell(r, c)
            cell.text = "示例"
            cell.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
            if r == 2:
                cell.fill.solid()
                cell.fill.fore_color.rgb = RGBColor(0xEE, 0xF3, 0xF9)
    text_box(s, 457200, 5600000, 11277600, 500000, "下周目标", [[
        ("下周目标：询单转化率{{询单转化率.next_target | pct(1)}}，首响{{首响.next_target | sec(1)}}以内。", 14, True, BRAND),
    ]])

    # 6. One slide per item that needs help from another department.
    s = prs.slides.add_slide(blank)
    band(s, prs, [("需要协助：{{事项}}", 24, True, RGBColor(255, 255, 255))])
    text_box(s, 457200, 1400000, 11277600, 2400000, "协助内容", [
        [("协助部门：{{协助部门}}", 20, True, BRAND)],
        [("需要的支持：{{说明}}", 18, False, None)],
        [("{{提出日期}}提出，截止{{截止日期}}", 18, False, ORANGE)],
    ])

    # 7. Only when a target was missed.
    s = prs.slides.add_slide(blank)
    band(s, prs, [("未达成目标", 24, True, RGBColor(255, 255, 255))])
    text_box(s, 457200, 1400000, 11277600, 2400000, "未达成", [
        [("本周未达成：{{missed_targets()}}", 20, False, None)],
    ])

    # 8. Closing.
    s = prs.slides.add_slide(blank)
    text_box(s, 457200, 2600000, 11277600, 1200000, "结束语", [[("谢谢！", 44, True, BRAND)]],
             align=2)
    prs.save(OUT)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
